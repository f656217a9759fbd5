"""The REPL without a terminal: from Python, through a pipe, and its documentation.

The terminal itself (completion, history, Ctrl-C) is driven in ``test_repl_pty.py``.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document as PromptDocument
from test_repl_support import ROOT, build_graph, environment, save_graph

import eventgraph
from eventgraph.repl.commands import COMMANDS
from eventgraph.repl.completion import QueryCompleter
from eventgraph.repl.helptext import topics_from_grammar, topics_from_markdown
from eventgraph.repl.highlight import styled
from eventgraph.repl.render import rich_table
from eventgraph.repl.session import continues, entries, join_entry
from eventgraph.repl.terminal import history_path

DOCS = ROOT / "docs" / "repl.md"


@pytest.fixture(scope="module")
def graph():
    return build_graph()


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    return save_graph(tmp_path)


def pipe(tmp_path: Path, text: str, *args: str, merge: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    """``eventgraph repl ARGS`` with ``text`` on standard input (and ``env`` added to its environment)."""
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", "repl", *args],
        input=text,
        capture_output=not merge,
        stdout=subprocess.PIPE if merge else None,
        stderr=subprocess.STDOUT if merge else None,
        text=True,
        env=environment(tmp_path, COLUMNS="110", **env),
        cwd=tmp_path,
        timeout=120,
    )


def run(graph, text: str) -> str:
    """The output of ``eventgraph.repl(graph)`` reading ``text``."""
    out = io.StringIO()
    eventgraph.repl(graph, input=io.StringIO(text), output=out)
    return out.getvalue()


# -- from Python ----------------------------------------------------------------------------------
def test_the_graph_is_valid(graph) -> None:
    assert graph.validate() == []


def test_repl_from_python_reads_a_stringio_and_returns_the_graph(graph) -> None:
    out = io.StringIO()
    returned = eventgraph.repl(graph, input=io.StringIO("meetings in Riga\n:quit\nclaims\n"), output=out)
    assert returned is graph
    shown = out.getvalue()
    assert "NATO foreign ministers met in Riga" in shown
    assert "1 row" in shown
    assert "claim" not in shown.split("1 row", 1)[1], "entries after :quit must not run"


def test_repl_from_python_takes_lines_or_a_string(graph) -> None:
    out = io.StringIO()
    eventgraph.repl(graph, input=["claims by Lavrov", ":format json", "claims by Lavrov"], output=out)
    table, json = out.getvalue().split("format: json")
    assert "We have run out of patience" in table
    assert json.count('"id":"claim:geneva-patience"') == 1
    assert "Sergey Lavrov" in run(graph, "who met Blinken")


def test_repl_from_python_loads_a_graph_file(graph_file: Path) -> None:
    out = io.StringIO()
    returned = eventgraph.repl(str(graph_file), input="people\n", output=out)
    assert len(returned.entities("person")) == 4
    assert "Volodymyr Zelensky" in out.getvalue()


def test_load_replaces_the_graph_that_is_returned(graph, graph_file: Path) -> None:
    empty = eventgraph.EventGraph()
    out = io.StringIO()
    returned = eventgraph.repl(empty, input=f":load {graph_file}\n", output=out)
    assert returned == graph
    assert "loaded" in out.getvalue() and "3 documents" in out.getvalue()


def test_errors_are_shown_with_a_caret_never_a_traceback(graph) -> None:
    shown = run(graph, "claims by Lavorv\nclaims by by\n")
    assert "Traceback" not in shown
    assert "error: no actor 'Lavorv'" in shown
    lines = shown.splitlines()
    query = lines.index("  claims by Lavorv")
    assert lines[query + 1] == "            ^"
    assert "expected a name" in shown


def test_undated_rows_left_out_are_counted(graph) -> None:
    assert "1 row; 1 undated left out by a date filter" in run(graph, "claims about sanctions before 2022")


def test_timing(graph) -> None:
    shown = run(graph, ":timing on\nclaims\n:timing off\nclaims\n:timing\n")
    assert len(re.findall(r"^time: \d+(\.\d+)? (ms|s)$", shown, re.M)) == 1
    assert shown.rstrip().endswith("timing: off")


def test_multi_line_entries(graph) -> None:
    shown = run(graph, "meetings with (Blinken\n   or Lavrov)\nclaims by Lavrov \\\n  before 2022\n")
    assert "error" not in shown
    assert "Antony Blinken, Sergey Lavrov" in shown
    assert "0 rows" in shown


# -- commands -----------------------------------------------------------------------------------------
def test_help_lists_every_command_and_explains_one(graph) -> None:
    shown = run(graph, ":help\n")
    for command in COMMANDS.values():
        assert command.usage in shown
    assert "Ctrl-C" in shown
    assert ":format [table|json|csv]" in run(graph, ":help :format\n")
    assert ":format [table|json|csv]" in run(graph, ":help format\n")


def test_help_on_the_query_language(graph) -> None:
    dates = run(graph, ":help dates\n")
    assert not dates.startswith("error")
    assert re.search(r"\b20\d\d\b", dates), "help on dates shows dated examples"
    assert "Undated facts never satisfy a date filter." in dates, "the whole section, not its first paragraph"
    assert "| `before D` | ends before D starts: e < D.start |" in dates
    assert "| `claims before 2022` |" not in dates, "the tables of counted examples stay in the docs"
    assert "error: no help on 'nonsense'" in run(graph, ":help nonsense\n")


def test_schema_counts_node_and_edge_kinds(graph) -> None:
    shown = run(graph, ":schema\n")
    counts = dict(re.findall(r"^  (\w+)\s+(\d+)", shown, re.M))
    assert counts["document"] == "3"
    assert counts["claim"] == "5"
    assert counts["said"] == "5"
    assert "said" in shown and "-> claim" in shown


def test_explain_shows_the_tree_and_plan_with_row_counts(graph) -> None:
    shown = run(graph, ":explain claims by Lavrov before 2023\n")
    assert "ast:" in shown and "plan:" in shown
    assert re.search(r"estimated \d+ rows?, actual \d+", shown)
    assert "error: give a query" in run(graph, ":explain\n")


def test_show_a_node_by_id_row_number_or_name(graph) -> None:
    shown = run(graph, ":show claim:geneva-patience\n")
    assert "claim:geneva-patience" in shown
    assert 'sentence: "We have run out of patience," Lavrov told reporters.' in shown
    assert "<- said" in shown and "person:sergey-lavrov" in shown
    assert "source: news/2022-01-11-geneva.txt" in shown
    by_row = run(graph, "claims by Lavrov\n:show 2\n")
    assert "claim:geneva-patience  (claim" in by_row
    by_name = run(graph, ":show Stoltenberg\n")
    assert "person:jens-stoltenberg  (person)" in by_name
    assert "[Secretary General]" in by_name
    assert "first mention" in by_name
    assert "did you mean claim:geneva-patience" in run(graph, ":show claim:geneva-p\n")
    assert "error: no row 9" in run(graph, "claims\n:show 9\n")


def test_load_and_save(tmp_path: Path, graph) -> None:
    target = tmp_path / "copy.eg"
    shown = run(graph, f":save {target}\n")
    assert f"saved {len(graph)} nodes to {target}" in shown
    assert eventgraph.EventGraph.load(target) == graph
    assert "no such file or folder" in run(graph, f":load {tmp_path / 'missing.eg'}\n")
    assert "error: give a path" in run(graph, ":save\n")
    again = io.StringIO()
    eventgraph.repl(str(target), input=":save\n", output=again)  # back to the file it came from
    assert f"saved {len(graph)} nodes to {target}" in again.getvalue()


def test_format_and_its_mistakes(graph) -> None:
    shown = run(graph, ":format csv\nclaims by Lavrov\n:format\n:format xml\n")
    assert "format: csv" in shown
    assert "kind,id,text" in shown
    assert shown.count("format: csv") == 2
    assert "error: unknown format 'xml'" in shown
    assert "error: timing is 'on' or 'off'" in run(graph, ":timing maybe\n")


def test_unknown_commands_and_bare_words(graph) -> None:
    assert "did you mean :format?" in run(graph, ":frmat json\n")
    assert "commands start with a colon: :quit" in run(graph, "quit\n")


# -- through a pipe -------------------------------------------------------------------------------------
def test_a_pipe_gets_plain_results_and_exit_0(tmp_path: Path, graph_file: Path) -> None:
    done = pipe(tmp_path, "meetings in Riga\n", str(graph_file))
    assert done.returncode == 0, done.stderr
    assert "NATO foreign ministers met in Riga" in done.stdout
    assert "\x1b[" not in done.stdout + done.stderr, "no colour in a pipe"
    assert "eventgraph>" not in done.stdout, "no prompt in a pipe"
    assert done.stderr == ""


def test_a_failed_query_in_a_pipe_exits_2_and_the_rest_runs(tmp_path: Path, graph_file: Path) -> None:
    done = pipe(tmp_path, "claims by Lavorv\nmeetings in Riga\n", str(graph_file))
    assert done.returncode == 2
    assert "error: no actor 'Lavorv'" in done.stderr
    assert "            ^" in done.stderr
    assert "Traceback" not in done.stderr
    assert "1 row" in done.stdout


def test_every_command_through_a_pipe(tmp_path: Path, graph_file: Path) -> None:
    saved = tmp_path / "saved.eg"
    script = "\n".join(
        [
            "# a comment, then a blank line",
            "",
            ":help",
            ":help dates",
            ":schema",
            ":explain claims by Lavrov",
            ":show person:sergey-lavrov",
            f":save {saved}",
            f":load {saved}",
            ":format json",
            "claims by Lavrov",
            ":format table",
            ":timing on",
            "claims by Lavrov",
            ":timing off",
            ":format csv",
            f":output {tmp_path / 'out.csv'}",
            "claims by Blinken",
            ":output",
            ":format table",
            ":pager off",
            ":vertical on",
            ":edit claims by Blinken",
            ":vertical auto",
            ":quit",
            "this is not run",
        ]
    )
    done = pipe(tmp_path, script, str(graph_file), EDITOR="sed -i s/Blinken/Stoltenberg/")
    assert done.returncode == 0, done.stderr
    assert set(COMMANDS) <= {line.split()[0][1:] for line in script.splitlines() if line.startswith(":")}
    assert "Type a query, or a command" in done.stdout
    assert "plan:" in done.stdout
    assert "person:sergey-lavrov  (person)" in done.stdout
    assert saved.exists()
    assert '"speaker":{"id":"person:sergey-lavrov"' in done.stdout
    assert re.search(r"^time: ", done.stderr, re.M)
    assert "format: json" in done.stderr and "2 rows" in done.stderr
    written = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert written.startswith("kind,id,text") and "Moscow would face severe sanctions" in written
    assert "Moscow would face severe sanctions" not in done.stdout, ":output sends results to the file only"
    assert "> claims by Stoltenberg" in done.stderr  # :edit ran what the editor left
    assert "-[ row 1 ]" in done.stdout and "unprovoked and unexplained" in done.stdout


def test_a_pipe_ingests_documents_first_and_load_adds_more(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    (tmp_path / "riga.txt").write_text(
        "NATO ministers meet in Riga\n\nNATO foreign ministers met in Riga on 30 November 2021. "
        "Secretary General Jens Stoltenberg said that the build-up near Ukraine was unprovoked.\n",
        encoding="utf-8",
    )
    (tmp_path / "geneva.txt").write_text(
        "Geneva talks\n\nAntony Blinken and Sergey Lavrov held talks in Geneva on 10 January 2022. "
        "Lavrov said that NATO's expansion was unacceptable.\n",
        encoding="utf-8",
    )
    done = pipe(tmp_path, "documents\npeople\n:load geneva.txt\ndocuments\n", "riga.txt", "--verbose")
    assert done.returncode == 0, done.stderr
    assert "ingested 1 document(s)" in done.stderr
    first, second = done.stdout.split("Jens Stoltenberg", 1)
    assert "riga.txt" in first and "1 row" in first
    assert "geneva.txt" in second and "2 rows" in second
    assert done.stderr.count("ingested 1 document(s)") == 2


def test_a_missing_graph_is_a_user_error(tmp_path: Path) -> None:
    done = pipe(tmp_path, "claims\n", str(tmp_path / "missing.eg"))
    assert done.returncode == 2
    assert "no such file or folder" in done.stderr
    assert "Traceback" not in done.stderr


# -- entries, completion, highlighting, history ------------------------------------------------------------
def test_entries_continue_after_a_backslash_an_open_parenthesis_or_quote() -> None:
    assert continues("claims by Lavrov \\")
    assert continues("meetings with (Blinken")
    assert continues('claims quoting "red')
    assert not continues('claims quoting "a (b"')
    assert not continues("meetings with (Blinken or Lavrov)")
    assert not continues(":load my (old) files")
    assert continues(":explain claims by (Lavrov")
    assert join_entry("claims by Lavrov \\\n  before 2022") == "claims by Lavrov before 2022"
    lines = ["# comment", "", "meetings with (A", "  or B)", "claims (by", "", "people"]
    assert list(entries(lines)) == ["meetings with (A or B)", "claims (by", "people"]


def completions(graph, text: str) -> dict[str, str]:
    completer = QueryCompleter(lambda: graph)
    found = completer.get_completions(PromptDocument(text, len(text)), CompleteEvent(completion_requested=True))
    return {c.text: c.display_meta_text for c in found}


def test_completion_of_keywords_where_the_grammar_accepts_them(graph) -> None:
    assert "claims" in completions(graph, "cla")
    assert set(completions(graph, "who ")) == {"met", "said"}
    after_subject = completions(graph, "claims b")
    assert "by" in after_subject and "before" in after_subject and "between" in after_subject
    assert "December" in completions(graph, "meetings in Dec")


def test_completion_of_names_with_their_kind(graph) -> None:
    assert completions(graph, "meetings in Ri") == {"Riga": "place"}
    by = completions(graph, "claims by Stol")
    assert by == {"Jens Stoltenberg": "person, as Stoltenberg"}, "one entry per entity, with the alias that matched"
    assert completions(graph, "claims by Jens St") == {"Jens Stoltenberg": "person"}
    assert "Jens Stoltenberg" in completions(graph, "claims by stolt")  # a word inside the name
    assert completions(graph, "claims about sanc") == {"sanctions": "topic"}
    assert "Riga" not in completions(graph, "claims by R"), "after 'by' only actors"
    quoted = completions(graph, 'claims by "Lav')
    assert quoted == {'"Sergey Lavrov"': "person, as Lavrov"}
    assert "2022-01-11-geneva.txt" in completions(graph, "claims from 2022")


def test_completion_of_commands_and_their_arguments(graph) -> None:
    assert set(completions(graph, ":")) == {f":{name}" for name in COMMANDS}
    assert completions(graph, ":fo") == {":format": COMMANDS["format"].summary}
    assert set(completions(graph, ":format ")) == {"table", "json", "csv"}
    assert set(completions(graph, ":timing o")) == {"on", "off"}
    assert "claim:geneva-patience" in completions(graph, ":show claim:gen")
    assert "person:sergey-lavrov" in completions(graph, ":show Lav")
    assert "Sergey Lavrov" in completions(graph, ":explain claims by Lav")


def test_long_texts_are_trimmed_at_a_word_on_a_terminal(graph) -> None:
    from rich.console import Console

    from eventgraph.query import Result

    row = {"kind": "claim", "id": "claim:x", "text": "word " * 200, "speaker": None, "date": None, "document": None}
    console = Console(width=80, file=io.StringIO(), color_system=None)
    console.print(rich_table(Result([row], "claim"), 80))
    shown = console.file.getvalue()
    assert "word…" in shown
    assert shown.count("word") < 60


def test_highlighting_follows_the_grammar() -> None:
    text = "claims by May in May 2022"
    styles = styled(text)
    assert styles[0] == "subject"
    assert styles[text.index("by")] == "keyword"
    assert styles[text.index("May")] == "name"  # a speaker called May
    assert styles[text.rindex("May")] == "date"  # a month
    assert styles[text.index("2022")] == "date"
    assert styled(":explain claims")[0] == "command"
    assert styled(":explain claims")[-1] == "subject"
    assert styled('claims quoting "red')[-1] == "string"


def test_history_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EVENTGRAPH_HISTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history_path() == tmp_path / "data" / "eventgraph" / "history"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert history_path() == Path.home() / ".local" / "share" / "eventgraph" / "history"
    monkeypatch.setenv("EVENTGRAPH_HISTORY", str(tmp_path / "h"))
    assert history_path() == tmp_path / "h"
    monkeypatch.setenv("EVENTGRAPH_HISTORY", "")
    assert history_path() is None


def test_help_topics_from_markdown_and_grammar() -> None:
    page = (
        "# Title\n\n## Dates and time\n\nDates are intervals.\n\n```query\nclaims before 2022\n```\n\n"
        "### `with`, `without` — participants\n\nOn meetings.\n"
    )
    topics = topics_from_markdown(page)
    assert [t.keys for t in topics] == [("dates",), ("with", "without")]
    assert topics[0].examples == ("claims before 2022",)
    assert topics[0].summary == "Dates are intervals."
    banner = "// " + "=" * 20
    grammar = f"{banner}\n// Dates\n{banner}\n\n// 2022-02-24    2021-12  (a day, a month)\ndate: ISO_DATE\n"
    assert topics_from_grammar(grammar)[0].examples == ("2022-02-24", "2021-12")


def test_eventgraph_repl_is_the_function_even_after_the_package_is_imported() -> None:
    import eventgraph.repl.session  # binds nothing new on eventgraph

    assert callable(eventgraph.repl)
    assert "repl" in eventgraph.__all__


# -- documentation -----------------------------------------------------------------------------------------
def test_every_command_and_key_is_documented() -> None:
    from eventgraph.repl.commands import KEYS

    text = DOCS.read_text(encoding="utf-8")
    for command in COMMANDS.values():
        assert f"`:{command.name}" in text, f":{command.name} is not documented in {DOCS.name}"
        for alias in command.aliases:
            assert f"`:{alias}`" in text, f"the alias :{alias} is not documented"
    for key, _ in KEYS:
        assert key.split(",")[0] in text, f"the key {key} is not documented"
    for needed in ("EVENTGRAPH_HISTORY", "XDG_DATA_HOME", "exit", "pipe"):
        assert needed in text


def sessions() -> list[tuple[str, str]]:
    """Each ``<!-- repl-session ... -->`` block of the docs and the README as (where, text)."""
    found = []
    for path in (DOCS, ROOT / "README.md"):
        if not path.exists():
            continue
        for match in re.finditer(
            r"<!-- repl-session[^>]*-->\n```\w*\n(.*?)```", path.read_text(encoding="utf-8"), re.S
        ):
            found.append((path.name, match.group(1)))
    return found


def test_the_docs_hold_a_session() -> None:
    assert any(where == DOCS.name for where, _ in sessions())


@pytest.mark.parametrize(("where", "session"), sessions(), ids=[f"{w}:{i}" for i, (w, _) in enumerate(sessions())])
def test_documented_sessions_replay_through_a_pipe(tmp_path: Path, graph_file: Path, where: str, session: str) -> None:
    typed: list[str] = []
    expected: list[str] = []
    for line in session.splitlines():
        prompt = re.match(r"^(eventgraph>|\s*\.\.\.) ?(.*)$", line)
        if prompt:
            typed.append(prompt.group(2))
        else:
            expected.append(line.rstrip())
    done = pipe(tmp_path, "\n".join(typed) + "\n", str(graph_file), merge=True)
    shown = [line.rstrip() for line in done.stdout.splitlines()]
    assert shown == expected, f"{where}: the session shows otherwise; this run printed:\n" + "\n".join(shown)
    failed = any(line.startswith("error:") for line in expected)
    assert done.returncode == (2 if failed else 0)


def test_docstring_examples_run() -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module("eventgraph.repl"))
    assert outcome.failed == 0
    assert outcome.attempted > 0


def test_help_on_every_keyword_gives_full_example_queries(graph) -> None:
    from eventgraph.query import parse
    from eventgraph.repl.completion import _QUESTION_WORDS
    from eventgraph.repl.tokens import keyword_words

    terminals = {t: set(ws) for t, ws in keyword_words().items() if t not in _QUESTION_WORDS and t != "MONTH"}
    plurals = {w for ws in terminals.values() for w in ws if w[-1:] == "s" and (w[:-1] in ws or w[:-2] in ws)}
    words = sorted({w for ws in terminals.values() for w in ws} - plurals)
    assert {"between", "undated", "status", "whom", "order", "published"} <= set(words)
    for word in words:
        shown = run(graph, f":help {word}\n")
        assert not shown.startswith("error"), f":help {word}: {shown}"
        examples = [line.strip() for line in shown.split("examples:", 1)[-1].splitlines() if line.startswith("  ")]
        using = [e for e in examples if re.search(rf"(?<![\w-]){word}(?:e?s)?(?![\w-])", e, re.I)]
        assert using, f":help {word} shows no example with {word!r}:\n{shown}"
        for example in using:
            parse(example)
