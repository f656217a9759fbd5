"""One root exception, with specific children that also subclass a builtin.

Callers catch ``EventGraphError`` to handle anything the library reports on purpose;
the builtin parents let code that knows nothing of eventgraph still catch them sensibly.
"""

from __future__ import annotations

from eventgraph.display import visible

__all__ = [
    "BudgetError",
    "DocumentError",
    "EventGraphError",
    "ExportError",
    "GoldError",
    "GraphFormatError",
    "GraphLockedError",
    "IngestError",
    "QueryError",
    "ValidationError",
]


class EventGraphError(Exception):
    """Root of every error eventgraph raises on purpose."""


class GraphFormatError(EventGraphError, ValueError):
    """A saved graph that cannot be read: not a graph, truncated, corrupted or too new."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ExportError(EventGraphError, ValueError):
    """An export that cannot be written where it was asked to go, or of a graph it cannot express."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class GoldError(EventGraphError, ValueError):
    """A gold annotation file that cannot be used; ``problems`` lists each one with its place."""

    def __init__(self, path: object, problems: list[object]) -> None:
        self.path = str(path)
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{self.path}: not a usable gold file ({len(problems)} problem(s)):\n{shown}{more}")


class DocumentError(EventGraphError, ValueError):
    """A document that cannot be loaded (unreadable, binary, undecodable, malformed)."""

    def __init__(self, path: object, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class BudgetError(EventGraphError, RuntimeError):
    """A document over its extraction budget (too many characters, or too long to extract)."""


class GraphLockedError(EventGraphError, TimeoutError):
    """A saved graph another process kept locked for longer than we would wait."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class IngestError(EventGraphError, RuntimeError):
    """Ingestion finished with documents that could not be added (see ``problems``)."""

    def __init__(self, problems: list[tuple[str, str]], reason: str | None = None) -> None:
        self.problems = problems
        self.reason = reason or f"{len(problems)} document(s) not ingested"
        lines = [f"{path}: {reason}" for path, reason in problems]
        super().__init__("\n".join([f"{self.reason}:" if lines else self.reason, *lines]))


class ValidationError(EventGraphError, ValueError):
    """A graph that breaks its invariants; ``violations`` lists each one."""

    def __init__(self, violations: list[object]) -> None:
        self.violations = violations
        shown = "\n".join(f"  - {v}" for v in violations[:20])
        more = f"\n  ... and {len(violations) - 20} more" if len(violations) > 20 else ""
        super().__init__(f"{len(violations)} invariant violation(s):\n{shown}{more}")


class QueryError(EventGraphError, ValueError):
    """A query that cannot be parsed or answered, shown with a caret at its position."""

    def __init__(
        self,
        message: str,
        query: str = "",
        position: int | None = None,
        hint: str | None = None,
        expected: tuple[str, ...] = (),
    ) -> None:
        self.message = message
        self.query = query
        self.position = position
        self.hint = hint
        self.expected = expected
        super().__init__(self.render())

    def render(self) -> str:
        """The message, the query with a caret under the position, and the hint.

        Control characters in any of them are written out (``\\x1b``), the caret moved to match.
        """
        lines = [visible(self.message, newlines=True)]
        if self.query:
            lines.append(f"  {visible(self.query)}")
            if self.position is not None:
                lines.append("  " + " " * len(visible(self.query[: max(0, self.position)])) + "^")
        if self.hint:
            lines.append(f"hint: {visible(self.hint, newlines=True)}")
        return "\n".join(lines)
