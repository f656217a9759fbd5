"""Metamorphic tests of the extraction: changes to the input that must change the output
in a known way, or not at all, whatever the right output is.

- "X said Y." and "Y, X said." give the same claim;
- renaming an actor consistently gives an isomorphic graph;
- shifting a document's date shifts its relative dates by the same amount;
- shuffling (and renaming) the documents changes nothing.

Each runs the real pipeline (spaCy included) on short texts written here.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
import pytest

from eventgraph import Claim, Document, Entity, EventGraph, Meeting, Topic
from eventgraph.ids import fold
from eventgraph.ingest import ingest_documents
from eventgraph.io import make_document

TODAY = dt.date(2026, 11, 1)


def extract(texts: dict[str, str]) -> EventGraph:
    """The graph of documents named and written as given."""
    graph, added, failures = ingest_documents([make_document(path, text) for path, text in texts.items()], today=TODAY)
    assert failures == [] and len(added) == len(texts)
    return graph


# -- "X said Y." and "Y, X said." ----------------------------------------------------------------
SAID = [
    ("Russian Foreign Minister Sergey Lavrov", "said", "NATO expansion threatens the security of Russia"),
    ("Jens Stoltenberg", "said", "the alliance will keep its door open to new members"),
    ("Antony Blinken", "warned", "Moscow would face severe sanctions"),
    ("Olaf Scholz", "said", "Germany would send more air defence systems to Ukraine"),
    ("Volodymyr Zelensky", "said", "Ukraine would never give up its territory"),
    ("Emmanuel Macron", "said", "Europe must build its own defence"),
]
QUOTED = [
    ("Jens Stoltenberg", "said", "We will not accept spheres of influence in Europe"),
    ("Sergey Lavrov", "said", "We have run out of patience"),
]


def _before(speaker: str, cue: str, content: str) -> str:
    return f"{speaker} {cue} {content}."


def _after(speaker: str, cue: str, content: str) -> str:
    return f"{content[0].upper()}{content[1:]}, {speaker} {cue}."


def _quoted_before(speaker: str, cue: str, content: str) -> str:
    return f'{speaker} {cue}, "{content}."'


def _quoted_after(speaker: str, cue: str, content: str) -> str:
    return f'"{content}," {speaker} {cue}.'


def _claims(graph: EventGraph) -> list[tuple[Any, ...]]:
    """Each claim as what it says (case of its first letter aside), by whom, how, when and about what."""
    out = []
    for claim in graph.claims():
        speaker = graph.speaker(claim.id)
        about = sorted(node.label if isinstance(node, Topic) else node.name for node in graph.about(claim.id))
        text = fold(claim.text).rstrip(".,")
        out.append(
            (graph.source(claim.id).path, speaker.name if speaker else None, text, claim.form, claim.date, about)
        )
    return sorted(out)


@pytest.mark.parametrize(
    ("cases", "first", "second"),
    [(SAID, _before, _after), (QUOTED, _quoted_before, _quoted_after)],
    ids=["reported", "quoted"],
)
def test_x_said_y_and_y_x_said_give_the_same_claim(
    cases: list[tuple[str, str, str]], first: Callable[..., str], second: Callable[..., str]
) -> None:
    def corpus(write: Callable[..., str]) -> dict[str, str]:
        return {f"{n}.txt": f"Brussels, December 1, 2021\n\n{write(*case)}\n" for n, case in enumerate(cases)}

    forward, backward = _claims(extract(corpus(first))), _claims(extract(corpus(second)))
    assert forward == backward
    assert [(path, speaker) for path, speaker, *_ in forward] == [
        (f"{n}.txt", graph_name) for n, graph_name in enumerate(_names(cases))
    ]
    assert all(date is not None and str(date) == "2021-12-01" for *_, date, _ in forward)


def _names(cases: Sequence[tuple[str, str, str]]) -> list[str]:
    return [speaker.removeprefix("Russian Foreign Minister ") for speaker, _, _ in cases]


# -- renaming an actor -----------------------------------------------------------------------------
STORY = {
    "vilnius.txt": "Vilnius, March 3, 2022\n\nLithuanian Defence Minister Anna Kovacs met NATO Secretary General "
    "Jens Stoltenberg in Vilnius on Tuesday. Kovacs said the alliance must strengthen its eastern flank. "
    '"We need more troops here," Kovacs told reporters.\n',
    "riga.txt": "Riga, March 10, 2022\n\nAnna Kovacs warned that Russia could test the resolve of NATO. "
    "Russian Foreign Minister Sergey Lavrov said the deployments were a provocation.\n",
}


def _replace(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _labelled(graph: EventGraph, back: Callable[[str], str]) -> nx.MultiDiGraph:
    """The graph with each node labelled by what it says, its names read back through ``back``."""

    def label(node: Any) -> tuple[Any, ...]:
        if isinstance(node, Entity):
            return ("entity", node.kind, fold(back(node.name)), tuple(sorted(fold(back(a)) for a in node.aliases)))
        if isinstance(node, Claim):
            return ("claim", back(node.text), node.form, node.cue, node.date, node.period)
        if isinstance(node, Meeting):
            return ("meeting", node.kind, back(node.text), node.date, node.status)
        if isinstance(node, Document):
            return ("document", node.path, back(node.text), node.published)
        return ("topic", node.label)

    out = nx.MultiDiGraph()
    for node in graph.nodes():
        out.add_node(node.id, label=label(node))
    for edge in graph.edges():
        out.add_edge(edge.source, edge.target, kind=edge.kind, name=back(edge.name or ""), title=edge.title)
    return out


@pytest.mark.parametrize(
    "renaming",
    [
        (("Anna Kovacs", "Petra Novak"), ("Kovacs", "Novak")),
        (("Anna Kovacs", "Ingrid Larsen"), ("Kovacs", "Larsen")),
        (("Sergey Lavrov", "Pavel Orlov"), ("Lavrov", "Orlov")),
    ],
    ids=lambda pairs: f"{pairs[0][0]}->{pairs[0][1]}",
)
def test_renaming_an_actor_consistently_gives_an_isomorphic_graph(renaming: tuple[tuple[str, str], ...]) -> None:
    original = extract(STORY)
    renamed = extract({path: _replace(text, renaming) for path, text in STORY.items()})
    back = [(new, old) for old, new in renaming]
    first, second = _labelled(original, lambda t: t), _labelled(renamed, lambda t: _replace(t, back))
    assert original.stats() == renamed.stats()
    assert nx.is_isomorphic(
        first,
        second,
        node_match=lambda a, b: a["label"] == b["label"],
        edge_match=lambda a, b: sorted(map(repr, a.values())) == sorted(map(repr, b.values())),
    )
    old_name = renaming[0][0]
    assert any(entity.name == old_name for entity in original.entities("person"))
    assert not any(old_name in entity.name for entity in renamed.entities())


# -- shifting a document's date --------------------------------------------------------------------
BY_DAYS = (
    "Yesterday, Jens Stoltenberg said the alliance would not close its door to new members. "
    "Two days ago Sergey Lavrov warned that Russia would respond to any deployment. "
    "Antony Blinken will meet Lavrov tomorrow."
)
BY_WEEKDAYS = (
    "Jens Stoltenberg met Sergey Lavrov in Geneva on Tuesday. "
    "Last week Olaf Scholz said Germany would send more air defence systems to Ukraine. "
    "Stoltenberg and Scholz will hold talks next Monday."
)
BASE = dt.date(2022, 3, 3)


def _dates(body: str, day: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    graph = extract({"a.txt": f"Geneva, {day:%B} {day.day}, {day.year}\n\n{body}\n"})
    facts = [*graph.claims(), *graph.meetings()]
    out = [(f.text, f.date.start, f.date.end) for f in sorted(facts, key=lambda f: f.span.start) if f.date]
    assert len(out) == len(facts) == 3, "every fact of these texts has a date"
    return out


@pytest.mark.parametrize(
    ("body", "shifts"),
    [(BY_DAYS, (1, 30, 400, -1000)), (BY_WEEKDAYS, (7, 28, -364))],
    ids=["days", "weekdays"],
)
def test_shifting_a_documents_date_shifts_its_relative_dates_by_as_much(body: str, shifts: tuple[int, ...]) -> None:
    base = _dates(body, BASE)
    for days in shifts:
        delta = dt.timedelta(days=days)
        shifted = _dates(body, BASE + delta)
        assert shifted == [(text, start + delta, end + delta) for text, start, end in base], days


# -- shuffling documents ---------------------------------------------------------------------------
NEWS = {
    "a.txt": "Brussels, January 12, 2022\n\nThe NATO-Russia Council met in Brussels on Wednesday. "
    "NATO Secretary General Jens Stoltenberg said the alliance would not compromise on its core principles.\n",
    "b.txt": "Geneva, January 10, 2022\n\nUS Deputy Secretary of State Wendy Sherman held talks with Russian "
    "Deputy Foreign Minister Sergei Ryabkov in Geneva. Ryabkov said Russia needed legal guarantees.\n",
    "c.txt": "Moscow, January 14, 2022\n\nLavrov said Russia had run out of patience. "
    "Sergey Lavrov warned that NATO expansion was a threat.\n",
    "d.txt": "Riga, December 1, 2021\n\nAntony Blinken warned that Moscow would face severe sanctions. "
    "Stoltenberg met Blinken in Riga on Tuesday.\n",
}


def _without_paths(graph: EventGraph) -> tuple[set[Any], set[Any]]:
    nodes = {("document", n.id, n.text) if isinstance(n, Document) else n for n in graph.nodes()}
    return nodes, set(graph.edges())


def test_shuffling_and_renaming_the_documents_changes_nothing() -> None:
    reference = extract(NEWS)
    chance = random.Random(17)
    for _ in range(3):
        paths = list(NEWS)
        chance.shuffle(paths)
        documents = [make_document(path, NEWS[path]) for path in paths]
        shuffled, _, _ = ingest_documents(documents, today=TODAY)
        assert shuffled == reference
        # new names put the documents in another order for extraction and resolution
        renamed = extract({f"{number}-{path}": NEWS[path] for number, path in enumerate(paths)})
        assert _without_paths(renamed) == _without_paths(reference)
    assert len(reference.claims()) >= 5 and reference.meetings()
    assert [e.name for e in reference.find("Lavrov")] == ["Sergey Lavrov"]
