"""Who published a document, as far as its own text tells: the house style.

An office's pages speak with its holder's voice: on the White House's pages "the
President" is the President of the United States of the day, and a Kremlin page titled
"Telephone conversation with X" reports a call of the President of Russia with X.
Publishers are recognised from the text (site furniture, section labels, dateline styles,
self-references; `data/publishers.json`), never from file names. Official releases
(a recognised publisher, or actors named by capitalised bare titles, "The President
stressed") quote their principals at length, a statement per sentence.
"""

from __future__ import annotations

import attrs

from eventgraph.extract.knowledge import Knowledge, Publisher

__all__ = ["HouseStyle", "house_style"]

_OFFICIAL_MENTIONS = 2
_SURE = 2


@attrs.frozen
class HouseStyle:
    """The document's publisher (if recognised), its principal office, and whether it is an official release."""

    publisher: Publisher | None = None
    official: bool = False

    @property
    def principal(self) -> tuple[str, str] | None:
        """The office whose holder the document speaks for: (function, of)."""
        return (self.publisher.function, self.publisher.of) if self.publisher else None


def house_style(text: str, knowledge: Knowledge) -> HouseStyle:
    """Recognise the publisher and the official register of a (cleaned) document."""
    publisher = _publisher(text, knowledge)
    official = publisher is not None or _official_register(text, knowledge)
    return HouseStyle(publisher, official)


def _publisher(text: str, knowledge: Knowledge) -> Publisher | None:
    """The publisher whose signals the text shows most; with a single signal, only on a page that
    names the publisher's country or body (a dateline style alone is shared by many sites)."""
    best: tuple[int, int, Publisher] | None = None
    for order, publisher in enumerate(knowledge.publishers):
        hits = sum(1 for signal in publisher.signals if signal.search(text))
        if hits < _SURE and not publisher.owner.search(text):
            continue
        if hits and (best is None or hits > best[0]):
            best = (hits, -order, publisher)
    return best[2] if best else None


def _official_register(text: str, knowledge: Knowledge) -> bool:
    """Offices write of their principals by capitalised bare titles ("The Head of State noted");
    news writes "the president said" or names them."""
    found = knowledge.official_title_pattern.findall(text)
    return len(found) >= _OFFICIAL_MENTIONS or any("head of" in f.lower() for f in found)
