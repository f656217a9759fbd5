"""Where each value of a JSON text starts, so a problem in a gold file can name its line.

The standard library parses JSON without positions; this walks the (already valid) text
once more and records the line of every object member and array item, keyed by its path
(``("claims", 3, "evidence")``).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from collections.abc import Sequence

__all__ = ["Path", "line_of", "render_path", "value_lines"]

Path = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = json.JSONDecoder()


def value_lines(text: str) -> dict[Path, int]:
    """The 1-based line of each value in the JSON ``text`` (a member's line is its key's)."""
    breaks = [i for i, char in enumerate(text) if char == "\n"]
    lines: dict[Path, int] = {}

    def line(position: int) -> int:
        return bisect.bisect_right(breaks, position - 1) + 1

    def skip(position: int) -> int:
        return _SPACE.match(text, position).end()  # type: ignore[union-attr]

    def walk(position: int, path: Path) -> int:
        position = skip(position)
        lines.setdefault(path, line(position))
        opener = text[position]
        if opener not in "{[":
            return _SCALAR.raw_decode(text, position)[1]
        closer = "}" if opener == "{" else "]"
        position = skip(position + 1)
        index = 0
        while text[position] != closer:
            if opener == "{":
                key, after = json.decoder.scanstring(text, position + 1)
                lines[(*path, key)] = line(position)
                position = walk(skip(after) + 1, (*path, key))  # past the colon
            else:
                position = walk(position, (*path, index))
                index += 1
            position = skip(position)
            if text[position] == ",":
                position = skip(position + 1)
        return position + 1

    with contextlib.suppress(RecursionError):  # nested deeper than any gold file: the lines found so far serve
        walk(0, ())
    return lines


def line_of(lines: dict[Path, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest enclosing value that the text has."""
    for end in range(len(path), -1, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def render_path(path: Sequence[str | int]) -> str:
    """``("claims", 3, "speaker")`` as ``$.claims[3].speaker``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if re.fullmatch(r"\w+", part) else f"[{part!r}]")
    return out
