"""The documentation site cannot drift: every page is in it, the CLI reference matches the
commands, and the Python on the recipe pages runs.

``python3 tasks.py test`` also builds the site with ``mkdocs build --strict``, which fails
on a broken link or a docstring mkdocstrings cannot read. After a change to the command
line, ``python tests/test_docs_site.py`` writes each command's ``--help`` into
``docs/cli.md`` again (keeping the words above each block).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from pathlib import Path

import orjson
import pytest
import yaml
from PIL import Image

from eventgraph import EventGraph
from eventgraph.cli import build_parser
from eventgraph.export import export

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _nav_pages(entries: list[object]) -> list[str]:
    pages: list[str] = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages.extend(_nav_pages(value) if isinstance(value, list) else [str(value)])
    return pages


def _python_blocks(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.M | re.S)


def test_every_page_is_in_the_site_and_every_entry_is_a_page() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(nav) == pages
    assert len(nav) == len(set(nav))


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"eventgraph": parser, **{f"eventgraph {name}": p for name, p in sub.choices.items()}}


def _sections(page: str) -> dict[str, str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _words(text: str) -> str:
    return " ".join(text.split())


def write_cli_reference(path: Path = DOCS / "cli.md") -> None:
    """Put each command's current ``--help`` (at 100 columns) into its section of the CLI page."""
    os.environ["COLUMNS"] = "100"
    text = path.read_text(encoding="utf-8")
    head, *rest = re.split(r"^(?=## )", text, flags=re.M)
    intros = {}
    for section in rest:
        title, _, body = section.partition("\n")
        intros[title.removeprefix("## ").strip()] = body.split("```text")[0].strip()
    parts = [head.rstrip("\n") + "\n"]
    for name, parser in _commands().items():
        intro = intros.get(name) or (parser.description or "").strip()
        parts.append(f"## {name}\n\n{intro}\n\n```text\n{parser.format_help().rstrip()}\n```\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def test_the_cli_reference_shows_every_command_option_and_example() -> None:
    sections = _sections("cli.md")
    commands = _commands()
    assert sorted(sections) == sorted(commands)
    for name, parser in commands.items():
        section = _words(sections[name])
        for action in parser._actions:
            for option in action.option_strings:
                assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section), f"{name}: {option}"
            if action.help and action.help != argparse.SUPPRESS and not isinstance(action, argparse._SubParsersAction):
                assert _words(action.help % {"default": action.default}) in section, f"{name}: {action.help}"
        for line in (parser.epilog or "").splitlines():
            assert _words(line) in section, f"{name}: {line}"


@pytest.fixture
def news(example_graph: EventGraph, tmp_path: Path) -> Path:
    """A folder holding the corpus graph as ``news.eg``, the corpus and its gold file, as the pages assume."""
    example_graph.save(tmp_path / "news.eg")
    shutil.copytree(ROOT / "examples" / "corpus", tmp_path / "examples" / "corpus")
    shutil.copy(ROOT / "tests" / "data" / "gold" / "seeds.json", tmp_path / "gold.json")
    return tmp_path


@pytest.mark.parametrize("page", ["quickstart.md", "export.md", "evaluation.md", "plots.md"])
def test_the_python_on_the_page_runs(page: str, news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _python_blocks(page)
    assert blocks
    monkeypatch.chdir(news)
    for block in blocks:
        exec(compile(block, f"{page} block", "exec"), {"__name__": "docs"})


def test_the_json_lines_shown_have_the_fields_real_lines_have(example_graph: EventGraph, tmp_path: Path) -> None:
    export(example_graph, tmp_path / "news.jsonl", "jsonl")
    real = [orjson.loads(line) for line in (tmp_path / "news.jsonl").read_bytes().splitlines()]
    text = (DOCS / "export.md").read_text(encoding="utf-8")
    shown = [
        orjson.loads(line)
        for block in re.findall(r"^```json\n(.*?)^```", text, flags=re.M | re.S)
        for line in block.splitlines()
    ]
    assert shown
    for line in shown:
        same = [
            r
            for r in real
            if (r["record"], r.get("type"), r.get("kind")) == (line["record"], line.get("type"), line.get("kind"))
        ]
        assert same and any(set(r) == set(line) for r in same), line


def test_the_readme_links_the_site_and_says_how_to_build_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 tasks.py docs" in readme
    assert "mkdocs serve" in readme
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).is_file(), link


def test_every_docs_page_the_site_links_to_exists() -> None:
    for page in DOCS.rglob("*.md"):
        for link in re.findall(r"\]\(([^)#:]+\.md)", page.read_text(encoding="utf-8")):
            assert (page.parent / link).resolve().is_file(), f"{page.relative_to(ROOT)} links to {link}"


def test_the_grammar_page_includes_the_shipped_grammar() -> None:
    text = (DOCS / "grammar.md").read_text(encoding="utf-8")
    (included,) = re.findall(r'--8<-- "([^"]+)"', text)
    assert (ROOT / included).resolve() == (ROOT / "grammar" / "eventgraph.lark").resolve()


PICTURES = {
    "timeline.png": ("meetings", None),
    "network.png": ("meetings", "network"),
    "chart.png": ("count claims by speaker", None),
}
"""The pictures on the Pictures page: the shipped example graph drawn by ``eventgraph.plot``."""


def write_pictures(folder: Path = DOCS / "images") -> None:
    """Draw the Pictures page's pictures again from ``examples/newsroom.eg``."""
    from eventgraph.plot import plot

    graph = EventGraph.load(ROOT / "examples" / "newsroom.eg")
    folder.mkdir(exist_ok=True)
    for name, (query, kind) in PICTURES.items():
        plot(graph.query(query), folder / name, kind=kind)


def test_the_pictures_page_shows_pictures_drawn_from_the_example_graph() -> None:
    text = (DOCS / "plots.md").read_text(encoding="utf-8")
    for name, (query, kind) in PICTURES.items():
        assert f"](images/{name})" in text
        assert query in text and (kind is None or kind in text)
        with Image.open(DOCS / "images" / name) as image:
            assert image.size == (1920, 1080)


if __name__ == "__main__":
    write_cli_reference()
    write_pictures()
