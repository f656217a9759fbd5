"""Checking a gold file against its corpus, before anyone trusts a score computed with it.

Beyond the schema (which reading the file checks): every document file is in the
corpus and every corpus document is in the file, every id a claim, meeting or query
names is an entity or document of the file, every evidence is a verbatim substring of
its document, every query parses, no two entities share an id or a name. Each problem
comes with its line in the gold file and its JSON path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from eventgraph.errors import GoldError, QueryError
from eventgraph.evaluation.gold import GoldProblem, GoldSet, load_gold
from eventgraph.evaluation.positions import line_of, render_path, value_lines
from eventgraph.evaluation.predictions import DocumentKeys
from eventgraph.ids import fold

__all__ = ["check_gold"]


def check_gold(gold: str | os.PathLike[str], corpus: str | os.PathLike[str]) -> list[GoldProblem]:
    """Every problem of the gold file ``gold`` read with the documents under ``corpus``, in file order.

    An empty list means the file can be used to score that corpus.
    """
    try:
        gold_set = load_gold(gold)
    except GoldError as exc:
        return list(exc.problems)  # type: ignore[arg-type]
    if not Path(corpus).exists():
        return [GoldProblem(str(gold), "$", f"the corpus {corpus} does not exist")]
    lines = value_lines(Path(gold).read_text(encoding="utf-8"))
    checker = _Checker(gold_set, str(gold), lines)
    checker.run(corpus)
    return sorted(checker.problems, key=lambda p: (p.line or 0, p.path))


class _Checker:
    def __init__(self, gold: GoldSet, name: str, lines: dict) -> None:
        self.gold = gold
        self.name = name
        self.lines = lines
        self.problems: list[GoldProblem] = []
        self.entities = {e.id for e in gold.entities}
        self.texts: dict[str, str] = {}

    def problem(self, path: Sequence[str | int], message: str) -> None:
        self.problems.append(GoldProblem(self.name, render_path(path), message, line_of(self.lines, path)))

    def run(self, corpus: str | os.PathLike[str]) -> None:
        self.read_corpus(corpus)
        self.check_entities()
        for index, meeting in enumerate(self.gold.meetings):
            where = ("meetings", index)
            self.document(where, meeting.doc)
            self.ids((*where, "participants"), meeting.participants)
            self.ids((*where, "organisations"), meeting.organisations)
            if meeting.place is not None:
                self.ids((*where, "place"), [meeting.place], single=True)
            self.evidence(where, meeting.doc, meeting.evidence)
        for index, claim in enumerate(self.gold.claims):
            where = ("claims", index)
            self.document(where, claim.doc)
            self.ids((*where, "speaker"), [claim.speaker], single=True)
            self.evidence(where, claim.doc, claim.evidence)
        self.check_unscored()
        self.check_queries()

    def read_corpus(self, corpus: str | os.PathLike[str]) -> None:
        from eventgraph.io import load_documents

        loaded = load_documents([corpus])
        keys = DocumentKeys(self.gold, corpus)
        for path, reason in loaded.problems:
            self.problem(("documents",), f"the corpus file {path} cannot be read: {reason}")
        for document in sorted(loaded.documents, key=lambda d: d.path):
            key = keys.of({"path": document.path, "id": document.id})
            if key is None:
                self.problem(("documents",), f"the corpus has {document.path}, which the gold file does not list")
            else:
                self.texts[key] = document.text
        files: dict[str, str] = {}
        for document in self.gold.documents:
            if document.key not in self.texts:
                self.problem(("documents", document.key, "file"), f"{document.file} is not in the corpus {corpus}")
            other = files.setdefault(document.file, document.key)
            if other != document.key:
                self.problem(("documents", document.key, "file"), f"{document.file} is also document {other!r}")

    def check_entities(self) -> None:
        seen: dict[str, int] = {}
        named: dict[str, str] = {}
        for index, entity in enumerate(self.gold.entities):
            where = ("entities", index)
            if entity.id in seen:
                self.problem((*where, "id"), f"the id {entity.id!r} is also entity {seen[entity.id]}")
            seen.setdefault(entity.id, index)
            for number, doc in enumerate(entity.docs):
                self.document((*where, "docs", number), doc, field=None)
            for name in dict.fromkeys(fold(n) for n in entity.names):
                owner = named.setdefault(name, entity.id)
                if owner != entity.id:
                    self.problem(
                        where,
                        f"{name!r} is also a name of {owner!r}: an entity extracted under it is scored as {owner!r}",
                    )

    def check_unscored(self) -> None:
        for index, item in enumerate(self.gold.unscored):
            where = ("ignore_claims", index)
            self.document(where, item.doc)
            self.evidence(where, item.doc, item.evidence)

    def check_queries(self) -> None:
        from eventgraph.query import compile_query

        for index, query in enumerate(self.gold.queries):
            where = ("queries", index)
            try:
                compile_query(query.q)
            except QueryError as exc:
                at = f" at character {exc.position + 1}" if exc.position is not None else ""
                hint = f" ({exc.hint})" if exc.hint else ""
                self.problem((*where, "q"), f"the query does not parse{at}: {exc.message}{hint}")
            for number, answer in enumerate(query.expect):
                at = (*where, "expect", number)
                self.document(at, answer.doc)
                if answer.speaker is not None:
                    self.ids((*at, "speaker"), [answer.speaker], single=True)
                self.ids((*at, "participants"), answer.participants)
                self.evidence(at, answer.doc, answer.evidence)

    # -- one check each ---------------------------------------------------------------------
    def document(self, where: tuple, key: str, field: str | None = "doc") -> None:
        if self.gold.document(key) is None:
            known = ", ".join(sorted(d.key for d in self.gold.documents)[:8])
            self.problem((*where, field) if field else where, f"no document {key!r} (documents: {known})")

    def ids(self, where: tuple, ids: Iterable[str], *, single: bool = False) -> None:
        for number, entity_id in enumerate(ids):
            if entity_id not in self.entities:
                self.problem(where if single else (*where, number), f"no entity {entity_id!r}")

    def evidence(self, where: tuple, key: str, evidence: str) -> None:
        text = self.texts.get(key)
        if text is None:
            return  # the missing document is reported already
        if evidence in text:
            return
        file = self.gold.document(key).file  # type: ignore[union-attr]
        if fold(evidence) in fold(text):
            self.problem(
                (*where, "evidence"), f"not verbatim in {file}: it is there with other quotes, dashes or spacing"
            )
        else:
            self.problem((*where, "evidence"), f"not in {file}: {evidence[:60]!r}")
