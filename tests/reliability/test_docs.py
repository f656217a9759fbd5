"""``docs/reliability.md`` cannot drift: every test it names exists, and names every reliability test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .support import ROOT

GUIDE = ROOT / "docs" / "reliability.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _named() -> list[tuple[str, str]]:
    return REFERENCE.findall(GUIDE.read_text(encoding="utf-8"))


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_test_named_here_exists() -> None:
    named = _named()
    assert len(named) >= 60, f"only {len(named)} tests named: is the reference syntax still `file::test`?"
    missing = [
        f"{file}::{test}" for file, test in named if not (ROOT / file).is_file() or test not in _tests_in(ROOT / file)
    ]
    assert missing == [], "docs/reliability.md names tests that do not exist"


def test_every_reliability_test_is_named_here() -> None:
    named = set(_named())
    unnamed = [
        f"{path.relative_to(ROOT)}::{test}"
        for path in sorted((ROOT / "tests" / "reliability").glob("test_*.py"))
        for test in sorted(_tests_in(path))
        if (str(path.relative_to(ROOT)), test) not in named
    ]
    assert unnamed == [], "docs/reliability.md should say what these tests guarantee"
