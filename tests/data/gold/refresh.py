#!/usr/bin/env python3
"""Write the reference figures of the gold sets again: ``python tests/data/gold/refresh.py [SCORER]``.

For the shipped gold set (``seeds.json`` over ``examples/corpus``)
this runs the reference scorer ``score.py`` (the path given, else ``$EVENTGRAPH_SCORER``,
else ``shared/eval/score.py`` beside the repository) as

    python score.py GOLD CORPUS --json --eventgraph "python tests/data/gold/refresh.py --launch"

so that every command-line call it makes goes through this script, which records the
JSON each query printed. ``reference/NAME.json`` then holds the scorer's figures, the
command and day that produced them, and the rows they were computed from;
``tests/test_evaluation_agreement.py`` scores those rows again and compares. Run it after
a change to the extraction: the figures move with it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SHARED = ROOT.parent / "shared"
SETS = {"seeds": (HERE / "seeds.json", ROOT / "examples" / "corpus")}
"""Gold sets shipped with the repository, with their stored reference figures."""
EXTERNAL = {
    name: (SHARED / "eval" / "gold" / f"{name}.json", SHARED / "corpus" / name)
    for name in ("dev",)
    if (SHARED / "eval" / "gold" / f"{name}.json").is_file() and (SHARED / "corpus" / name).is_dir()
}
"""Gold sets beside the repository (not shipped: their texts are others'), checked live when present."""
LISTINGS = {"people": "person", "organisations": "organisation", "countries": "country", "places": "place"}
KEPT = {"kind", "id", "name", "aliases", "documents", "text", "speaker", "date", "topics", "participants", "document"}
"""The fields of a row that scoring reads; the rest is left out of the stored rows."""


def scorer(given: str | None = None) -> Path | None:
    """The reference scorer: given, named by ``$EVENTGRAPH_SCORER``, or in ``shared/`` beside the repository."""
    candidates = [given, os.environ.get("EVENTGRAPH_SCORER"), ROOT.parent / "shared" / "eval" / "score.py"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def launch(args: list[str]) -> int:
    """Run the command line as the scorer asked, recording what each query printed."""
    from eventgraph.cli import main

    out, err = StringIO(), StringIO()
    code = main(args, stdout=out, stderr=err)
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    record = os.environ.get("EVENTGRAPH_RECORD")
    if record and args and args[0] == "query":
        with open(record, "a", encoding="utf-8") as stream:
            line = {"query": args[2], "code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}
            stream.write(json.dumps(line) + "\n")
    return code


def reference(name: str, score_py: Path) -> dict:
    """The scorer's report on one gold set, with the rows it read."""
    gold, corpus = SETS[name]
    launcher = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))} --launch"
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "calls.jsonl"
        command = [sys.executable, str(score_py), str(gold), str(corpus), "--json", "--eventgraph", launcher]
        done = subprocess.run(
            command, capture_output=True, text=True, check=True, env={**os.environ, "EVENTGRAPH_RECORD": str(record)}
        )
        calls = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    figures = json.loads(done.stdout[: done.stdout.rindex("\nSUMMARY ")])
    return {
        "command": f"python {score_py.name} {gold.relative_to(ROOT)} {corpus.relative_to(ROOT)} --json",
        "refresh": "python tests/data/gold/refresh.py",
        "day": dt.date.today().isoformat(),
        "figures": figures,
        "predictions": predictions(calls, json.loads(gold.read_text(encoding="utf-8")), corpus),
    }


def predictions(calls: list[dict], gold: dict, corpus: Path) -> dict:
    """The recorded rows in the shape ``eventgraph.evaluation.Predictions.from_dict`` reads."""
    out: dict = {"entities": {}, "claims": [], "meetings": [], "answers": {}, "errors": {}}
    asked = {q["q"] for q in gold.get("queries", [])}
    for position, call in enumerate(calls):
        query = call["query"]
        rows = [_kept(row, corpus) for row in json.loads(call["stdout"])] if call["code"] == 0 else []
        if call["code"] != 0:
            out["errors"][query] = call["stderr"].strip().splitlines()[-1] if call["stderr"].strip() else "failed"
        if position < len(LISTINGS) and query in LISTINGS:
            out["entities"][LISTINGS[query]] = rows
        elif position == len(LISTINGS) and query == "claims":
            out["claims"] = rows
        elif position == len(LISTINGS) + 1 and query == "meetings":
            out["meetings"] = rows
        elif query in asked:
            out["answers"][query] = rows
    return out


def _kept(row: dict, corpus: Path) -> dict:
    kept = {k: v for k, v in row.items() if k in KEPT}
    document = kept.get("document")
    if isinstance(document, dict) and document.get("path"):
        path = Path(document["path"]).resolve()
        inside = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        kept["document"] = {"id": document.get("id"), "path": inside}
    return kept


def main() -> int:
    if sys.argv[1:2] == ["--launch"]:
        return launch(sys.argv[2:])
    score_py = scorer(sys.argv[1] if len(sys.argv) > 1 else None)
    if score_py is None:
        print("no reference scorer: give the path of score.py or set EVENTGRAPH_SCORER", file=sys.stderr)
        return 2
    for name in SETS:
        target = HERE / "reference" / f"{name}.json"
        target.write_text(json.dumps(reference(name, score_py), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
