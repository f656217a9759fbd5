"""Shared by the REPL tests (no tests here): a small hand-built graph and a terminal driver.

The graph holds three short news items written for these tests, with every fact pointing
into them by the words it quotes, so it is valid by construction and loads in a blink
(no spaCy). ``Terminal`` runs ``python -m eventgraph repl`` in a pseudo-terminal and
matches its screen output with the escape sequences taken out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from eventgraph import Claim, DateInterval, Document, Edge, EdgeKind, Entity, EventGraph, Meeting, Mention, Span, Topic

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 30

TEXTS = {
    "doc:riga": (
        "news/2021-12-01-riga.txt",
        "NATO ministers meet in Riga",
        dt.date(2021, 12, 1),
        "NATO foreign ministers met in Riga on 30 November 2021. Secretary General Jens Stoltenberg said "
        'that the build-up near Ukraine was "unprovoked and unexplained". US Secretary of State Antony '
        "Blinken warned that Moscow would face severe sanctions.",
    ),
    "doc:geneva": (
        "news/2022-01-11-geneva.txt",
        "Geneva talks end without breakthrough",
        dt.date(2022, 1, 11),
        "Antony Blinken and Sergey Lavrov held talks in Geneva on 10 January 2022. Lavrov said NATO's "
        'eastward expansion was unacceptable. "We have run out of patience," Lavrov told reporters.',
    ),
    "doc:kyiv": (
        "news/kyiv-interview.txt",
        "Zelensky interview",
        None,
        "In an interview, President Volodymyr Zelensky said that sanctions against Russia must be tightened.",
    ),
}

ENTITIES = [
    ("person:jens-stoltenberg", "person", "Jens Stoltenberg", ["Jens Stoltenberg", "Stoltenberg"]),
    ("person:antony-blinken", "person", "Antony Blinken", ["Antony Blinken", "Blinken"]),
    ("person:sergey-lavrov", "person", "Sergey Lavrov", ["Sergey Lavrov", "Lavrov"]),
    ("person:volodymyr-zelensky", "person", "Volodymyr Zelensky", ["Volodymyr Zelensky", "Zelensky"]),
    ("organisation:nato", "organisation", "NATO", ["NATO"]),
    ("country:russia", "country", "Russia", ["Russia"]),
    ("country:ukraine", "country", "Ukraine", ["Ukraine"]),
    ("place:riga", "place", "Riga", ["Riga"]),
    ("place:geneva", "place", "Geneva", ["Geneva"]),
    ("place:moscow", "place", "Moscow", ["Moscow"]),
]

# id, document, kind, text, date, participants, place
MEETINGS = [
    (
        "meeting:riga",
        "doc:riga",
        "ministerial",
        "NATO foreign ministers met in Riga on 30 November 2021.",
        dt.date(2021, 11, 30),
        ["organisation:nato"],
        "place:riga",
    ),
    (
        "meeting:geneva",
        "doc:geneva",
        "talks",
        "Antony Blinken and Sergey Lavrov held talks in Geneva on 10 January 2022.",
        dt.date(2022, 1, 10),
        ["person:antony-blinken", "person:sergey-lavrov"],
        "place:geneva",
    ),
]

# id, document, text, form, cue, date, speaker, about
CLAIMS = [
    (
        "claim:riga-stoltenberg",
        "doc:riga",
        'the build-up near Ukraine was "unprovoked and unexplained"',
        "reported",
        "said",
        dt.date(2021, 11, 30),
        "person:jens-stoltenberg",
        ["country:ukraine"],
    ),
    (
        "claim:riga-blinken",
        "doc:riga",
        "Moscow would face severe sanctions",
        "reported",
        "warned",
        dt.date(2021, 11, 30),
        "person:antony-blinken",
        ["topic:sanctions", "place:moscow"],
    ),
    (
        "claim:geneva-expansion",
        "doc:geneva",
        "NATO's eastward expansion was unacceptable",
        "reported",
        "said",
        dt.date(2022, 1, 10),
        "person:sergey-lavrov",
        ["topic:expansion", "organisation:nato"],
    ),
    (
        "claim:geneva-patience",
        "doc:geneva",
        "We have run out of patience,",
        "quote",
        "told",
        dt.date(2022, 1, 10),
        "person:sergey-lavrov",
        [],
    ),
    (
        "claim:kyiv-zelensky",
        "doc:kyiv",
        "sanctions against Russia must be tightened",
        "reported",
        "said",
        None,
        "person:volodymyr-zelensky",
        ["topic:sanctions", "country:russia"],
    ),
]

_SENTENCE = re.compile(r"\S.*?[.!?][\"”]?(?=\s|$)", re.S)


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words))


def _sentence(text: str, span: Span) -> Span:
    for match in _SENTENCE.finditer(text):
        if match.start() <= span.start and span.end <= match.end():
            return Span(match.start(), match.end())
    raise ValueError(f"no sentence holds {span}")


def _day(day: dt.date | None) -> DateInterval | None:
    return DateInterval.day(day) if day else None


def build_graph() -> EventGraph:
    """The three news items as an event graph, built with ``EventGraph.add`` and ``link``."""
    graph = EventGraph()
    for doc_id, (path, title, published, text) in TEXTS.items():
        graph.add(Document(doc_id, path, text, title, _day(published)))
    for entity_id, kind, name, surfaces in ENTITIES:
        graph.add(Entity(entity_id, kind, name, surfaces))
        for doc_id, (*_, text) in TEXTS.items():
            found = [
                Mention(s, m.start(), m.end()) for s in surfaces for m in re.finditer(rf"\b{re.escape(s)}\b", text)
            ]
            if found:
                graph.link(Edge(EdgeKind.MENTIONS, doc_id, entity_id, (doc_id,), found, name=name))
    graph.add(Entity("country:latvia", "country", "Latvia", ["Latvia"]))
    graph.link(Edge(EdgeKind.LOCATED_IN, "place:riga", "country:latvia"))
    graph.link(
        Edge(EdgeKind.ROLE, "person:jens-stoltenberg", "organisation:nato", ("doc:riga",), title="Secretary General")
    )
    graph.add(Topic("topic:sanctions", "sanctions", ["sanctions"]))
    graph.add(Topic("topic:expansion", "expansion", ["expansion"]))
    for meeting_id, doc_id, kind, text, day, participants, place in MEETINGS:
        graph.add(Meeting(meeting_id, doc_id, kind, _span(TEXTS[doc_id][3], text), text, _day(day)))
        graph.link(Edge(EdgeKind.SOURCE, meeting_id, doc_id, (doc_id,)))
        for party in participants:
            graph.link(Edge(EdgeKind.PARTICIPANT, party, meeting_id, (doc_id,)))
        graph.link(Edge(EdgeKind.HELD_IN, meeting_id, place, (doc_id,)))
    for claim_id, doc_id, text, form, cue, day, speaker, about in CLAIMS:
        document = TEXTS[doc_id][3]
        span = _span(document, text)
        graph.add(Claim(claim_id, doc_id, text, form, cue, span, _sentence(document, span), _day(day)))
        graph.link(Edge(EdgeKind.SOURCE, claim_id, doc_id, (doc_id,)))
        graph.link(Edge(EdgeKind.SAID, speaker, claim_id, (doc_id,)))
        for target in about:
            graph.link(Edge(EdgeKind.ABOUT, claim_id, target, (doc_id,)))
    return graph


def save_graph(folder: Path, name: str = "news.eg") -> Path:
    path = folder / name
    build_graph().save(path)
    return path


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a REPL subprocess: history in ``tmp_path``, fixed width, no CPR."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVENTGRAPH_", "XDG_"))}
    env.update(
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="40",
        PROMPT_TOOLKIT_NO_CPR="1",
        EVENTGRAPH_HISTORY=str(tmp_path / "history"),
        HOME=str(tmp_path),
    )
    env.update(extra)
    return env


# -- a pseudo-terminal ---------------------------------------------------------------------------
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78]|\r")


def plain(text: str) -> str:
    """Terminal output without escape sequences and carriage returns."""
    return _ESCAPES.sub("", text)


class Terminal:
    """``python -m eventgraph repl ARGS`` in a pseudo-terminal, read as plain text."""

    def __init__(
        self, args: list[str], env: dict[str, str], cwd: Path, dimensions: tuple[int, int] = (40, 140)
    ) -> None:
        import pexpect

        rows, columns = dimensions
        env = {**env, "LINES": str(rows), "COLUMNS": str(columns)}
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "eventgraph", "repl", *args],
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
            dimensions=dimensions,
            timeout=TIMEOUT,
        )
        self.seen = ""
        self.mark = 0

    def expect(self, text: str | re.Pattern[str], timeout: float = TIMEOUT) -> str:
        """Wait until ``text`` appears (after the last match) in the plain output; return the output up to it."""
        import pexpect

        deadline = time.monotonic() + timeout
        ended = False
        while True:
            screen = plain(self.seen)
            if isinstance(text, str):
                at = screen.find(text, self.mark)
                end = at + len(text) if at >= 0 else None
            else:
                match = text.search(screen, self.mark)
                end = match.end() if match else None
            if end is not None:
                before, self.mark = screen[self.mark : end], end
                return before
            if ended or time.monotonic() > deadline:
                why = "the REPL ended" if ended else f"{timeout} s passed"
                raise AssertionError(
                    f"{why} before {text!r} was shown; after the last match it showed:\n{screen[self.mark :]}"
                )
            try:
                self.seen += self.child.read_nonblocking(4096, timeout=0.2)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                ended = True

    def prompt(self) -> None:
        self.expect("eventgraph> ")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def line(self, text: str) -> None:
        self.child.send(text + "\r")

    def finish(self, timeout: float = TIMEOUT) -> int:
        """Wait for the process to end; its exit status."""
        import pexpect

        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 1)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
