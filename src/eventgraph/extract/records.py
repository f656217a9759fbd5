"""What the claim finders produce: one attributed statement of a document, before it is a graph value."""

from __future__ import annotations

import attrs

from eventgraph.model import Span

__all__ = ["ClaimRecord"]


@attrs.frozen
class ClaimRecord:
    """A statement found in a document: content span, its sentence, form, cue and speakers.

    ``voiced`` statements are someone's speech by layout (a transcript turn, a statement
    in its author's words): they were made when the document's event took place.
    """

    span: Span
    sentence: Span
    form: str
    cue: str
    speakers: tuple[str, ...]
    cue_start: int
    voiced: bool = False
