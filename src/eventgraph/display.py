"""Text from documents made safe to show: on a terminal, in JSON, in a spreadsheet.

Documents are written by strangers. An escape sequence in a page title or a C1 control
such as U+009B in a text would be obeyed by the analyst's terminal (moving the cursor,
rewriting lines, setting the window title), and bidirectional overrides reorder what is
shown. ``visible`` writes each such character as an escape (``\\x1b``, ``\\x9b``,
``\\u202e``, ``\\n``) so it is seen, not obeyed. JSON output keeps every value exact but writes
these characters as ``\\u`` escapes, which JSON readers decode back. A CSV cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading
``'``, as spreadsheet-safe exporters do, so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "json_for_terminal", "visible"]

_UNSAFE = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""DEL, C1 controls, line and paragraph separators, bidirectional embeddings, overrides and isolates."""
_ANY = re.compile(f"[\x00-\x1f{_UNSAFE}]")
_BUT_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f{_UNSAFE}]")
_IN_CELL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_UNSAFE}]")  # tabs and line breaks are CSV's to quote
_IN_JSON = re.compile(f"[{_UNSAFE}]")  # the C0 controls are escaped by the JSON writer already
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with control and escape characters written out; with ``newlines``, line breaks kept."""
    return (_BUT_NEWLINES if newlines else _ANY).sub(_escape, text)


def json_for_terminal(text: str) -> str:
    """JSON text with the characters a terminal would obey written as ``\\u`` escapes (same values)."""
    return _IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows rather than runs, and a terminal shows rather than obeys.

    Line breaks and tabs inside the text stay (CSV quotes them); other control characters
    are written out.
    """
    text = _IN_CELL.sub(_escape, text)
    return "'" + text if text.startswith(_FORMULA_START) else text
