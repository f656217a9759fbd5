"""Finding entity candidates in one document: gazetteer, titles, bylines, lists and spaCy.

Where candidates overlap the more trustworthy source wins: a title phrase ("Russian FM
Sergey Lavrov") over the gazetteer over the tagger. The tagger's entities are kept only
when they are proper nouns, and a name ending in an organisation or place head noun takes
that kind ("Normandy Format", "US Embassy").
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from spacy.tokens import Token

from eventgraph.extract.clean import Byline
from eventgraph.extract.knowledge import Knowledge, TitleForm
from eventgraph.extract.lexical import find_phrases, words
from eventgraph.extract.mentions import POSSESSIVE, Candidate, RoleMention, strip_article
from eventgraph.extract.segment import Parsed
from eventgraph.extract.spans import SpanIndex
from eventgraph.extract.turns import label_name
from eventgraph.ids import fold

__all__ = ["find_candidates"]

_NER_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "norp"}
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_PARTICLES = {"de", "van", "von", "der", "den", "bin", "al", "da", "di", "du", "la", "le", "del", "dos", "ibn", "el"}


def find_candidates(
    text: str, parsed: Parsed, knowledge: Knowledge, bylines: tuple[Byline, ...], years: frozenset[int] = frozenset()
) -> tuple[list[Candidate], list[RoleMention]]:
    """Every entity candidate (overlaps settled) and every role mention without a name."""
    return _Detector(text, parsed, knowledge, years).run(bylines)


class _Detector:
    def __init__(self, text: str, parsed: Parsed, knowledge: Knowledge, years: frozenset[int] = frozenset()) -> None:
        self.text = text
        self.years = years
        self.parsed = parsed
        self.k = knowledge
        self.tokens = words(text)
        self.token_at_start = {t.start: i for i, t in enumerate(self.tokens)}
        self.lower_gazetteer = {s.lower(): s for s in knowledge.gazetteer if " " in s or "-" in s}
        self.titles: dict[str, list[TitleForm]] = defaultdict(list)
        self.plural_titles: set[str] = set()
        for form in knowledge.title_forms:
            self.titles[form.form.lower()].append(form)
        for form in knowledge.title_forms:  # "Presidents A of X and B of Y"
            plural = form.form.lower() + "s"
            if form.form[:1].isupper() and not form.form.endswith(("s", ".")) and plural not in self.titles:
                self.titles[plural].append(form)
                self.plural_titles.add(plural)
        self.heading_blocks = [(b.start, b.end) for b in parsed.blocks if b.kind != "body"]
        self.heading_starts = [start for start, _ in self.heading_blocks]

    def gazetteer_surface(self, surface: str) -> str | None:
        if surface in self.k.gazetteer:
            return surface
        known = self.lower_gazetteer.get(surface.lower())
        if known is not None and known[:1].isupper() == surface[:1].isupper():
            return known
        return None

    def run(self, bylines: tuple[Byline, ...]) -> tuple[list[Candidate], list[RoleMention]]:
        candidates: list[Candidate] = []
        gazetteer = self._gazetteer()
        candidates.extend(gazetteer)
        titled, roles = self._titles(gazetteer)
        candidates.extend(titled)
        labelled, label_roles = self._labels()
        candidates.extend(labelled)
        roles.extend(label_roles)
        candidates.extend(self._honorifics())
        candidates.extend(Candidate(b.start, b.end, b.name, "person", b.name, "byline") for b in bylines)
        ner = self._ner()
        candidates.extend(ner)
        candidates.extend(self._person_bodies(ner))
        candidates.extend(self._surname_actors())
        candidates.extend(self._generic())
        candidates.extend(self._list_speakers(candidates))
        return _select(candidates, roles), roles

    def _labels(self) -> tuple[list[Candidate], list[RoleMention]]:
        """A transcript's speaker labels: "PRESIDENT BIDEN" is President Biden, "THE PRESIDENT" a role."""
        people: list[Candidate] = []
        roles: list[RoleMention] = []
        for turn in self.parsed.turns:
            label = turn.label
            if label.role != "speaker" or any(p.start == label.name_start for p in people):
                continue
            split = label_name(label.name.split(), self.k)
            surface = self.text[label.name_start : label.name_end]
            title = split.title or label_name(self.text[label.start : label.end].rstrip(" :").split(), self.k).title
            if split.person:
                people.append(
                    Candidate(
                        label.name_start,
                        label.name_end,
                        surface,
                        "person",
                        split.person,
                        "label",
                        title=title.title if title else None,
                        function=title.function if title else None,
                        of=split.of,
                    )
                )
            elif title is not None and title.function is not None:
                written = label.name.title() if label.name.isupper() else label.name
                roles.append(
                    RoleMention(
                        label.name_start, label.name_end, surface, title.title, title.function, split.of, None, written
                    )
                )
        return people, roles

    def _surname_actors(self) -> list[Candidate]:
        """ "Scholz said", "Scholz met Duda": the one office holder of the role table with that
        surname, when the tagger took the surname for a place or nothing at all; only as the
        subject of a speech cue, or a party of a verb of meeting. A surname the tagger left
        untagged and no holder has ("O'Neill said") is a person of that name."""
        out = []
        for block, doc in zip(self.parsed.blocks, self.parsed.docs, strict=True):
            for token in doc:
                if (
                    token.tag_ != "NNP"
                    or not _NAME_WORD.match(token.text)
                    or not self._acting(token)
                    or any(c.dep_ in ("compound", "amod", "det") for c in token.children)
                    or (token.i > 0 and doc[token.i - 1].tag_ in ("NNP", "NNPS"))
                    or (token.i + 1 < len(doc) and doc[token.i + 1].tag_ in ("NNP", "NNPS", "POS"))
                ):
                    continue
                if self._stop_name_word(token.text):
                    continue
                holder = self.k.holder_of_surname(fold(token.text), self.years)
                if holder is None and (token.ent_type_ or token.dep_ != "nsubj" or not _SURNAME.fullmatch(token.text)):
                    continue  # an untagged capitalised word speaks as a person only as a subject
                start = block.start + token.idx
                name = holder or token.text
                out.append(Candidate(start, start + len(token.text), token.text, "person", name, "ner", how="name"))
        return out

    def _acting(self, token: Token) -> bool:
        head = token.head
        if token.dep_ == "conj":  # "Scholz and Duda met"
            token, head = head, head.head
        lemma = head.lemma_.lower()
        if token.dep_ in ("nsubj", "nsubjpass"):  # "Biden is expected to meet ...": the verb it governs
            verbs = [head, *(c for c in head.children if c.dep_ == "xcomp")]
            return any(
                v.lemma_.lower() in self.k.meeting_verbs
                or (v.lemma_.lower() in self.k.cue_verbs and token.dep_ == "nsubj")
                for v in verbs
            )
        if token.dep_ == "dobj":
            return lemma in self.k.meeting_verbs
        if token.dep_ == "pobj" and head.lower_ == "with":
            return head.head.lemma_.lower() in self.k.meeting_verbs
        return False

    def _person_bodies(self, ner: list[Candidate]) -> list[Candidate]:
        """ "The Trump campaign", "the Obama administration": a body named after a person speaks for itself."""
        people = {c.surface.split()[-1] for c in ner if c.kind == "person"} | {
            name.split()[-1] for name in self.k.holder_names.values()
        }
        heads = "|".join(re.escape(h) for h in sorted(self.k.person_bodies, key=len, reverse=True))
        out = []
        for match in re.finditer(rf"\b(?P<name>[A-ZÀ-Þ][\w'’-]+)(?:['’]s)?\s+(?P<head>{heads})\b", self.text):
            if match.group("name") in people:
                name = f"{match.group('name')} {match.group('head')}"
                out.append(Candidate(match.start(), match.end(), match.group(), "organisation", name, "body"))
        return out

    def _list_speakers(self, candidates: list[Candidate]) -> list[Candidate]:
        """'The Diplomat: "..."' - the name before a quoted line is a source even when no tagger knows it."""
        out = []
        for block in self.parsed.blocks:
            match = _LISTED.match(self.text, block.start, block.end)
            if not match:
                continue
            start, end = match.span("who")
            if any(c.start < end and start < c.end for c in candidates):
                continue
            who = match.group("who")
            words_ = who.split()
            if words_[0] in ("The", "the") or _has_head(who, self.k):
                out.append(Candidate(start, end, who, "organisation", strip_article(who), "ner", how="head"))
            elif 2 <= len(words_) <= 3:
                out.append(Candidate(start, end, who, "person", who, "ner", how="head"))
        return out

    def _gazetteer(self) -> list[Candidate]:
        out = []
        for hit in find_phrases(self.text, self.tokens, lambda s: self.gazetteer_surface(s) is not None):
            surface = self.gazetteer_surface(hit.surface)
            assert surface is not None
            entries = self.k.lookup(surface)
            entry = sorted(entries, key=lambda e: {"country": 0, "organisation": 1, "place": 2}[e.kind])[0]
            if entry.how == "demonym" and surface.lower() == surface:
                continue
            if entry.kind == "place" and _in_compound(self.text, hit.start, hit.end):
                continue
            out.append(Candidate(hit.start, hit.end, hit.surface, entry.kind, entry.name, "gazetteer", how=entry.how))
        return out

    def _titles(self, gazetteer: list[Candidate]) -> tuple[list[Candidate], list[RoleMention]]:
        ends = {c.end: c for c in gazetteer if c.kind in ("country", "organisation")}
        starts = {c.start: c for c in gazetteer if c.kind in ("country", "organisation")}
        people: list[Candidate] = []
        roles: list[RoleMention] = []
        for hit in find_phrases(self.text, self.tokens, lambda s: s.lower() in self.titles, max_words=8):
            form = _title_form(self.titles[hit.surface.lower()], hit.surface)
            if form.function is None and (hit.surface.islower() != form.form.islower() or self._in_heading(hit.start)):
                continue
            start, end = hit.start, hit.end
            of = None
            possessive = _possessive_before(self.text, start)
            owner = ends.get(possessive) if possessive is not None else None
            if owner is not None and "\n" not in self.text[owner.end : start]:
                of, start = owner.name, owner.start
            of_match = _OF_OWNER.match(self.text, end)
            if of is None and of_match:
                owner = starts.get(of_match.end()) or starts.get(
                    of_match.start("article") if of_match.group("article") else -1
                )
                if owner is not None:
                    of, end = owner.name, owner.end
                else:  # the owner may lie inside a longer name ("Head of the Presidential Administration of X")
                    of, end = self._owner_after(of_match.end(), of, end)
            article = re.search(r"\b(the|The|THE)\s+$", self.text[max(0, start - 5) : start])
            modifier = self._modifier(start)
            if hit.surface.lower() in self.plural_titles:
                people.extend(self._listed(form, start, end, of, starts, modifier))
                continue
            name_span = self._name_after(end)
            if name_span is not None:
                n_start, n_end = name_span
                name = self.text[n_start:n_end]
                owned = re.match(r"\s+of\s+(?:the\s+)?", self.text[n_end : n_end + 12]) if of is None else None
                owner = starts.get(n_end + owned.end()) if owned else None
                if owner is not None and owner.kind == "country":
                    of = owner.name  # "President Jane Doe of Ruritania"
                people.append(
                    Candidate(
                        start,
                        n_end,
                        self.text[start:n_end],
                        "person",
                        name,
                        "title",
                        title=form.title,
                        function=form.function,
                        of=of,
                        modifier=modifier,
                    )
                )
                continue
            if form.function is None and not article:
                continue
            if form.function is None or of is not None or article:
                if article:
                    start = start - len(article.group(0))
                if (
                    form.function is None
                    and of is None
                    and not form.form.islower()
                    and not hit.surface.islower()
                    and form.form.lower() not in self.k.person_ranks
                ):
                    continue  # "the General Assembly" is no person; "the Minister" is
                roles.append(
                    RoleMention(start, end, self.text[start:end], form.title, form.function, of, modifier, hit.surface)
                )
        return people, roles

    def _owner_after(self, position: int, of: str | None, end: int) -> tuple[str | None, int]:
        """A country or organisation named from ``position`` on, by the gazetteer (longest first)."""
        first = self.token_at_start.get(position)
        if first is None:
            return of, end
        for last in range(min(len(self.tokens), first + 5) - 1, first - 1, -1):
            surface = self.text[position : self.tokens[last].end]
            known = self.gazetteer_surface(surface)
            entries = [e for e in self.k.lookup(known) if e.kind in ("country", "organisation")] if known else []
            if entries and entries[0].how == "name":
                return entries[0].name, self.tokens[last].end
        return of, end

    def _listed(
        self,
        form: TitleForm,
        start: int,
        end: int,
        of: str | None,
        starts: dict[int, Candidate],
        modifier: str | None,
    ) -> list[Candidate]:
        """The people a plural title lists: "Presidents A of X and B of Y" is two presidents."""
        out: list[Candidate] = []
        position = end
        while (span := self._name_after(position)) is not None:
            n_start, n_end = span
            owner_name, stop = of, n_end
            owned = re.match(r"\s+of\s+(?:the\s+)?", self.text[n_end : n_end + 12])
            owner = starts.get(n_end + owned.end()) if owned else None
            if owner is not None:
                owner_name, stop = owner.name, owner.end
            first = start if not out else n_start
            out.append(
                Candidate(
                    first,
                    n_end,
                    self.text[first:n_end],
                    "person",
                    self.text[n_start:n_end],
                    "title",
                    title=form.title,
                    function=form.function,
                    of=owner_name,
                    modifier=modifier,
                )
            )
            joint = re.match(r",?\s+and\s+|,\s+", self.text[stop : stop + 8])
            if joint is None:
                break
            position = stop + joint.end() - 1
        return out

    def _modifier(self, start: int) -> str | None:
        before = self.text[max(0, start - 20) : start].lower().split()
        if not before:
            return None
        word = before[-1].strip("-")
        for label, words_ in (
            ("past", self.k.past_modifiers),
            ("future", self.k.future_modifiers),
            ("partial", self.k.partial_modifiers),
        ):
            if word in {w.strip("-") for w in words_} or (
                before[-1].endswith(("-", "then-")) and label == "past" and word == "then"
            ):
                return label
        return None

    def _name_after(self, end: int) -> tuple[int, int] | None:
        """The span of a personal name right after a title, if there is one."""
        gap = _GAP.match(self.text, end)
        if not gap:
            return None
        index = self.token_at_start.get(gap.end())
        if index is None:
            return None
        first = index
        last = None
        i = index
        while i < len(self.tokens) and i - first < 5:
            token = self.tokens[i]
            joiner = self.text[self.tokens[i - 1].end : token.start] if i > first else ""
            if (
                i > first
                and joiner not in (" ", "-", "'", "’")
                and not (joiner == ". " and len(self.tokens[i - 1].text) == 1)
            ):
                break
            word = token.text
            if i > first and word in _TITLE_CASE_FUNCTION_WORDS:
                break  # "Remarks by President Biden Before Air Force One Departure"
            if _NAME_WORD.match(word) and (not self._stop_name_word(word) or self._month_surname(i, first)):
                last = i
            elif joiner == "-" and last == i - 1 and word.isalpha() and word.islower() and len(word) <= 4:
                last = i  # "Park Geun-hye", "Ban Ki-moon": the second syllable of a given name
            elif token.text.lower() in _PARTICLES and i + 1 < len(self.tokens):
                pass
            else:
                break
            i += 1
        if last is None:
            return None
        start, stop = self.tokens[first].start, self.tokens[last].end
        name = self.text[start:stop]
        head = self.tokens[last].text.lower()
        if (
            self.gazetteer_surface(name)
            or name.lower() in self.titles
            or head in self.k.organisation_heads
            or head in self.k.place_heads
        ):
            return None
        return start, stop

    def _in_heading(self, offset: int) -> bool:
        index = bisect.bisect_right(self.heading_starts, offset) - 1  # blocks are in text order, without overlaps
        if index < 0:
            return False
        start, end = self.heading_blocks[index]
        return offset < end and _title_case(self.text[start:end])

    def _month_surname(self, index: int, first: int) -> bool:
        """A month's name after a given name is a surname ("Theresa May"), unless a day or year follows."""
        word = self.tokens[index].text
        if index == first or word.lower() not in self.k.months or word.lower() in self.k.weekdays:
            return False
        rest = self.text[self.tokens[index].end : self.tokens[index].end + 8]
        return not re.match(r"\.?,?\s*\d", rest) and not self._stop_name_word(self.tokens[index - 1].text)

    def _stop_name_word(self, word: str) -> bool:
        lower = word.lower().rstrip(".")
        if lower in self.k.months or lower in self.k.weekdays or lower in self.titles:
            return True
        return self.gazetteer_surface(word) is not None and word not in self.k.holder_names

    def _honorifics(self) -> list[Candidate]:
        out = []
        forms = "|".join(re.escape(h) for h in sorted(self.k.honorifics, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w.])(?:{forms})\s+(?=[A-Z])", self.text):
            span = self._name_after(match.end() - 1) if self.text[match.end() - 1] == " " else None
            if span is None:
                continue
            name = self.text[span[0] : span[1]]
            out.append(
                Candidate(match.start(), span[1], self.text[match.start() : span[1]], "person", name, "honorific")
            )
        return out

    def _ner(self) -> list[Candidate]:
        out = []
        once: dict[str, bool] = {}  # whether a surface occurs once in the text, asked once per surface
        for block, doc in zip(self.parsed.blocks, self.parsed.docs, strict=True):
            heading = block.kind != "body" and _title_case(self.text[block.start : block.end])
            label_end = block.start + _label_length(self.text[block.start : block.end])
            for ent in doc.ents:
                kind = _NER_KINDS.get(ent.label_)
                if kind is None or not _proper(ent) or (len(ent) >= 2 and ent[-1].lower_ in self.k.event_heads):
                    continue  # "the G7 Hiroshima Summit" names a meeting; its parts are found on their own
                start, end = block.start + ent.start_char, block.start + ent.end_char
                if kind == "person" and (
                    not all(t.tag_ in ("NNP", "NNPS") for t in ent if t.is_alpha)
                    or (  # "the Tom river" names no one; "the Normandy Format" names a body
                        ent.start > 0
                        and doc[ent.start - 1].lower_ == "the"
                        and _kind_by_head(ent.text, kind, self.k) == "person"
                    )
                    or ((heading or start < label_end) and len(ent) < 2)
                ):
                    continue
                headed = _has_head(_trim_surface(self.text[start:end]), self.k)
                if kind != "person" and start < label_end and not headed:
                    continue
                if len(ent) == 1 and ent[0].is_sent_start and kind != "person":
                    if ent.text not in once:
                        once[ent.text] = _occurs_once(self.text, ent.text)
                    if once[ent.text]:
                        continue
                surface = self.text[start:end]
                trimmed = _trim_surface(surface)
                if not trimmed:
                    continue
                start += surface.index(trimmed)
                end = start + len(trimmed)
                if not _plausible(trimmed, kind) or (heading and kind != "person"):
                    continue
                if kind != "person" and (person := _person_after_region(trimmed)):  # "Tula Region Alexei Dyumin"
                    cut = trimmed.rindex(person)
                    out.append(Candidate(start + cut, start + cut + len(person), person, "person", person, "ner"))
                    trimmed = trimmed[:cut].rstrip()
                    end = start + len(trimmed)
                if kind == "norp":
                    country = self.k.country_of(trimmed)
                    if country is None:
                        continue
                    out.append(Candidate(start, end, trimmed, "country", country, "ner", how="demonym"))
                    continue
                if kind == "place" and (country := self._country_name(trimmed)):
                    out.append(Candidate(start, end, trimmed, "country", country, "ner"))
                    continue
                bare = strip_article(trimmed)
                known = self.gazetteer_surface(trimmed) or self.gazetteer_surface(bare)
                if known is not None:
                    entry = self.k.lookup(known)[0]
                    if not self.gazetteer_surface(trimmed):
                        start, trimmed = start + len(trimmed) - len(bare), bare
                    out.append(
                        Candidate(
                            start, start + len(trimmed), trimmed, entry.kind, entry.name, "gazetteer", how=entry.how
                        )
                    )
                    continue
                headed = _kind_by_head(trimmed, kind, self.k)
                name = strip_article(trimmed) if headed in ("organisation", "place") else trimmed
                how = (
                    "head"
                    if headed != kind
                    or (len(trimmed.split()) >= 2 and _kind_by_head(trimmed, "", self.k) == "organisation")
                    else "name"
                )
                out.append(Candidate(start, end, trimmed, headed, name, "ner", how=how))
        return out

    def _country_name(self, surface: str) -> str | None:
        for entry in self.k.lookup(surface):
            if entry.kind == "country" and entry.how == "name":
                return entry.name
        return None

    def _generic(self) -> list[Candidate]:
        if not self.k.generic_nouns:
            return []
        nouns = "|".join(re.escape(n) for n in sorted(self.k.generic_nouns, key=len, reverse=True))
        out = []
        for match in re.finditer(rf"\b(?:the|The)\s+(?P<noun>{nouns})\b(?![-\w])", self.text, re.I):
            noun = fold(match.group("noun"))
            out.append(
                Candidate(match.start(), match.end(), match.group(), "organisation", noun, "generic", how="generic")
            )
        return out


_SURNAME = re.compile(
    r"(?!(?:Jr|Sr|Mr|Mrs|Ms|Dr)\b)[A-ZÀ-ÖØ-Þ](?:[a-zà-ÿ]+(?:[A-ZÀ-ÖØ-Þ][a-zà-ÿ]+)?|['’][A-ZÀ-ÖØ-Þ][a-zà-ÿ]+)(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-ÿ]+)*"
)
_TITLE_CASE_FUNCTION_WORDS = frozenset(
    {
        "About",
        "After",
        "Ahead",
        "Amid",
        "And",
        "As",
        "At",
        "Before",
        "By",
        "During",
        "Following",
        "For",
        "From",
        "In",
        "Into",
        "On",
        "Over",
        "Regarding",
        "Since",
        "The",
        "To",
        "Under",
        "Upon",
        "Via",
        "With",
    }
)
_REGION_HEADS = frozenset({"region", "oblast", "province", "territory", "krai", "district"})


def _person_after_region(surface: str) -> str | None:
    """The name the tagger ran into a region's name: "Tula Region Alexei Dyumin" is Dyumin."""
    words_ = surface.split()
    for index, word in enumerate(words_[:-2]):
        rest = words_[index + 1 :]
        if word.lower() in _REGION_HEADS and len(rest) in (2, 3) and all(_NAME_WORD.match(w) for w in rest):
            return " ".join(rest)
    return None


def _kind_by_head(surface: str, kind: str, knowledge: Knowledge) -> str:
    """The kind a name's head gives: its last word ("Normandy Format" is an organisation), or the
    word before "of" ("Congress of Local Authorities", "Ministry of Health")."""
    words_ = surface.split()
    head = words_[-1].lower() if words_ else ""
    lowered = [w.lower() for w in words_]
    if "of" in lowered[1:3]:
        head = lowered[lowered.index("of", 1) - 1]
    if len(words_) >= 2 and head in knowledge.organisation_heads:
        return "organisation"
    if len(words_) >= 2 and head in knowledge.place_heads:
        return "place"
    return kind


def _title_form(forms: list[TitleForm], surface: str) -> TitleForm:
    """The title a surface form stands for: an office where one is written so, else the exact form."""
    offices = [f for f in forms if f.function is not None]
    exact = [f for f in forms if f.form == surface]
    return (offices or exact or forms)[0]


def _in_compound(text: str, start: int, end: int) -> bool:
    """Inside a hyphenated word ("Euro-Atlantic"): not a mention of the place on its own."""
    before = start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum()
    after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum()
    return before or after


def _proper(ent) -> bool:  # type: ignore[no-untyped-def]
    """Named entities are proper nouns; the tagger's verbs and adjectives are not names."""
    words_ = [t for t in ent if t.is_alpha and t.lower_ not in ("the", "of", "and", "for", "de")]
    return (bool(words_) and words_[-1].tag_ in ("NNP", "NNPS")) or (ent.label_ == "NORP")


_LISTED = re.compile(r"\s*(?:(?:\d{1,2}[.)]|[-*•])\s*)?(?P<who>(?:[A-Z][\w'’.&-]*\s?){1,5}?)\s*:\s*[“\"]")
_LABEL = re.compile(r"^\s*(?:(?:\d{1,2}[.)]|[-*•])\s*)?(?P<label>[^:.!?]{2,60}):\s")


def _label_length(line: str) -> int:
    """Length of a title-case label that opens a list item ("2. Russia's Military Build-up: ...")."""
    match = _LABEL.match(line)
    if match and len(match.group("label").split()) <= 6 and _title_case(match.group("label")):
        return match.end("label")
    return 0


def _has_head(surface: str, knowledge: Knowledge) -> bool:
    words_ = surface.split()
    return len(words_) >= 2 and (
        words_[-1].lower() in knowledge.organisation_heads or words_[-1].lower() in knowledge.place_heads
    )


def _title_case(line: str) -> bool:
    words_ = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return bool(words_) and sum(w[0].isupper() for w in words_) >= 0.7 * len(words_)


def _trim_surface(surface: str) -> str:
    surface = surface.strip(" \t\n.,;:!?\"“”‘’'()[]")
    surface = POSSESSIVE.sub("", surface).strip()
    return surface


def _plausible(surface: str, kind: str) -> bool:
    if len(surface) < 2 or not any(c.isupper() for c in surface[:1] + surface):
        return False
    if any(ch.isdigit() for ch in surface) and kind == "person":
        return False
    if "\n" in surface:
        return False
    words_ = surface.split()
    if kind == "person":
        return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words_) and len(words_) <= 5
    return words_[0][:1].isupper() or words_[0].lower() in ("the",)


def _nested_ok(inner: Candidate, outer: Candidate) -> bool:
    """An owner named inside a title phrase ("Russian" in "Russian FM Sergey Lavrov") stays."""
    return (
        outer.source in ("title", "label")
        and inner.source == "gazetteer"
        and outer.start <= inner.start
        and inner.end <= outer.end
        and inner.kind in ("country", "organisation")
    )


def _select(candidates: list[Candidate], roles: list[RoleMention]) -> list[Candidate]:
    chosen: list[Candidate] = []
    placed: SpanIndex[Candidate] = SpanIndex()  # the chosen ones by position: overlaps found without a scan
    for cand in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        clash = placed.overlapping(cand.start, cand.end)
        if all(_nested_ok(cand, c) or _nested_ok(c, cand) for c in clash):
            chosen.append(cand)
            placed.add(cand.start, cand.end, cand)
    role_spans: SpanIndex[RoleMention] = SpanIndex()
    for role in roles:
        role_spans.add(role.start, role.end, role)
    chosen = [c for c in chosen if c.source != "ner" or not role_spans.overlapping(c.start, c.end)]
    return sorted(chosen, key=lambda c: (c.start, c.end))


_OF_OWNER = re.compile(r"\s+(?:of|for)\s+(?P<article>the\s+)?")
_GAP = re.compile(r"[ \t]+")


def _possessive_before(text: str, start: int) -> int | None:
    """Where ``(?:'s|’s)?\\s+`` ending at ``start`` begins, found by reading back over the gap alone
    (not by searching the whole text before it); None when no white space precedes ``start``."""
    gap = start
    while gap > 0 and text[gap - 1].isspace():
        gap -= 1
    if gap == start:
        return None
    return gap - 2 if text[max(0, gap - 2) : gap] in ("'s", "’s") else gap


def _occurs_once(text: str, surface: str) -> bool:
    """``text.count(surface) == 1``, stopping at the second occurrence."""
    first = text.find(surface)
    return first >= 0 and text.find(surface, first + len(surface)) < 0
