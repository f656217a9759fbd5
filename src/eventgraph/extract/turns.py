"""Speaker-labelled transcripts: the labels that open turns, and the turns they open.

Transcripts name who speaks before a colon: "PRESIDENT BIDEN:", "MS. PSAKI:", "Vladimir
Putin:", "Sergey Lavrov (retranslated):", "Q". Scraped pages run the turns together on
one line and mangle labels (a name repeated, surname first, a title glued to the name),
so labels are found at a line's start and right after a sentence. A title-case label
counts only when its speaker is labelled again (one "Key points:" line is no transcript);
an upper-case label with a title or honorific, and a question marker, count at a line's
start even once. Each turn runs from its label to the next one.
"""

from __future__ import annotations

import bisect
import functools
import re

import attrs

from eventgraph.extract.knowledge import Knowledge, TitleForm

__all__ = ["Label", "LabelName", "Turn", "find_labels", "label_name", "turns_of"]

_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*"
_CONNECTOR = r"(?:of|the|for|and|de|del|da|di|du|von|van|der|den|al|bin|el|la|le|on|to)"
_LABEL = re.compile(
    rf"(?P<name>{_NAME}(?:[ \t]+(?:{_NAME}|{_CONNECTOR}(?=[ \t]+[A-ZÀ-ÖØ-Þ]))){{0,11}}(?:,[ \t]+Jr\.?)?)"
    r"(?:[ \t]*\((?P<note>[^()\n]{1,40})\))?"
    r"[ \t]?:(?=[ \t]+\S|[ \t]*[“\"]|[ \t]*$)"
)
_QUESTION_MARK = re.compile(r"(?P<name>Q)(?:[ \t]*[:.]|[ \t]{1,4})[ \t]*(?=\S)")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*[ \t]+$")
_LIST_MARK = re.compile(r"[ \t]*(?:[-*•·▪–]|\d{1,2}[.)])[ \t]+")
_WORD = re.compile(r"[\w'’.\-]+")
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])")
_MAX_LINE_LABELS = 400


@attrs.frozen
class Label:
    """A turn label: where it stands, the words that name the speaker, and what it is.

    ``role`` is ``speaker`` (a named person or a title), ``question`` (a question from the
    floor) or ``anonymous`` (a moderator, an interpreter). ``name`` is the speaker's name as
    a reader writes it ("President Biden" for "PRESIDENT BIDEN", "Maria Lvova-Belova" for a
    label that repeats her name).
    """

    start: int
    end: int
    name_start: int
    name_end: int
    name: str
    role: str


@attrs.frozen
class Turn:
    """What one label's speaker says: the text from the end of the label to the next label."""

    label: Label
    start: int
    end: int


@attrs.frozen
class LabelName:
    """A label's name split into an optional title, the body it belongs to, and a person's name."""

    title: TitleForm | None
    of: str | None
    person: str


@attrs.frozen
class _Candidate:
    start: int
    end: int
    name_start: int
    name_end: int
    words: tuple[str, ...]
    upper: bool
    line_start: bool
    role: str
    key_words: frozenset[str]
    inline_body: bool


def find_labels(text: str, knowledge: Knowledge) -> list[Label]:
    """Every turn label of a document, in text order."""
    found: list[_Candidate] = []
    start = 0
    for line in text.split("\n"):
        found.extend(_line_candidates(text, start, line, knowledge))
        start += len(line) + 1
    speakers = [c for c in found if c.role == "speaker"]
    named = [c for c in speakers if _accepted(c, speakers, knowledge)]
    if named:  # in a transcript, a person labelled once whom the text names elsewhere speaks too
        places: dict[str, list[int]] = {}  # where the text writes each such name, searched once per name
        named = [c for c in speakers if c in named or _named_elsewhere(c, text, knowledge, places)]
    if named:
        labels = [c for c in found if c in named or (c.role != "speaker" and _accepted(c, speakers, knowledge))]
    else:  # questions and moderators without named speakers make no transcript, but for "Q: ... A: ..."
        labels = [c for c in found if c.line_start and (c.role == "question" or _answer(c, knowledge))]
        if not (any(c.role == "question" for c in labels) and any(_answer(c, knowledge) for c in labels)):
            return []
    names = _canonical_names(labels)
    return [Label(c.start, c.end, c.name_start, c.name_end, names.get(c, " ".join(c.words)), c.role) for c in labels]


def turns_of(text: str, labels: list[Label]) -> list[Turn]:
    """The turns the labels open: each from its label's end to the next label (or the end)."""
    turns = []
    for index, label in enumerate(labels):
        end = labels[index + 1].start if index + 1 < len(labels) else len(text)
        body_start = label.end
        while body_start < end and text[body_start] in " \t\n":
            body_start += 1
        stop = end
        while stop > body_start and text[stop - 1] in " \t\n":
            stop -= 1
        if stop > body_start:
            turns.append(Turn(label, body_start, stop))
    return turns


def turn_at(turns: list[Turn], offset: int) -> Turn | None:
    """The turn whose body holds ``offset``."""
    index = bisect.bisect_right([t.start for t in turns], offset) - 1
    if index >= 0 and offset < turns[index].end:
        return turns[index]
    return None


def label_name(words: list[str], knowledge: Knowledge) -> LabelName:
    """Split a label's words: a leading title ("Prime Minister", "Ms."), the body it is of
    ("of Russia"), and the person's name, cut where a mangled label repeats itself."""
    lowered = [w.lower().rstrip(":") for w in words]
    index = 0
    title: TitleForm | None = None
    of: str | None = None
    if index < len(lowered) and lowered[index] == "the":
        index += 1
    for _ in range(3):
        form = _title_at(lowered, index, knowledge)
        if form is None:
            break
        title = title if title is not None and form.function is None else form
        index += len(form.form.split())
        if index < len(lowered) and lowered[index] in ("of", "for"):
            owner, used = _owner_at(words, index + 1, knowledge)
            if owner is not None:
                of, index = owner, index + 1 + used
    person: list[str] = []
    for word in words[index:]:
        bare = word.strip(",.")
        if not bare or bare.lower() in {p.lower() for p in person} or not bare[0].isupper():
            break
        if person and _title_at([bare.lower()], 0, knowledge) is not None:
            break
        person.append(bare if not bare.isupper() or len(bare) <= 2 else bare.title())
        if len(person) == 4:
            break
    if title is None:  # a scraped label may carry the title after the name ("Jane DoeGovernor of X")
        rest = [w.lower().strip(",.") for w in _WORD.findall(_GLUED.sub(" ", " ".join(words[index + len(person) :])))]
        for start in range(len(rest)):
            found = _title_at(rest, start, knowledge)
            if found is not None and found.function is not None:
                title = found
                break
    return LabelName(title, of, " ".join(person))


# -- finding -----------------------------------------------------------------------------
def _line_candidates(text: str, offset: int, line: str, knowledge: Knowledge) -> list[_Candidate]:
    out: list[_Candidate] = []
    if not line.strip():
        return out
    lead = len(line) - len(line.lstrip(" \t"))
    if _LIST_MARK.match(line):
        return out  # "1. Jane Doe: ..." is a list of statements, not a transcript
    question = _QUESTION_MARK.match(line, lead)
    if question and not line[lead + 1 : lead + 2].isalpha():
        out.append(_candidate(text, offset, line, question, True, knowledge, force_role="question"))
    positions = [lead]
    if len(line) > 40:
        positions += [m.end() for m in re.finditer(r"[.!?…][\"”’)\]]*[ \t]+(?=[A-ZÀ-ÖØ-Þ])", line)]
    for position in positions[:_MAX_LINE_LABELS]:
        match = _LABEL.match(line, position)
        if match is None:
            continue
        if position != lead and not _SENTENCE_END.search(line[max(0, position - 6) : position]):
            continue
        out.append(_candidate(text, offset, line, match, position == lead, knowledge))
    return out


def _candidate(
    text: str,
    offset: int,
    line: str,
    match: re.Match[str],
    line_start: bool,
    knowledge: Knowledge,
    force_role: str | None = None,
) -> _Candidate:
    raw = match.group("name")
    words = tuple(_WORD.findall(_GLUED.sub(" ", raw)))
    letters = [c for c in raw if c.isalpha()]
    upper = bool(letters) and all(c.isupper() for c in letters)
    role = force_role or _role(words, knowledge)
    split = label_name(list(words), knowledge)
    key_words = frozenset(w.lower() for w in split.person.split()[-1:]) if split.person else frozenset()  # the surname
    name_start = offset + match.start("name")
    name_end = name_start + len(raw)
    if _mangled(words) and split.person:
        last = split.person.split()[-1]
        cut = raw.find(last)
        name_end = name_start + cut + len(last) if cut >= 0 else name_end
    end = offset + match.end()
    inline_body = bool(line[match.end() :].strip())
    return _Candidate(
        offset + match.start(), end, name_start, name_end, words, upper, line_start, role, key_words, inline_body
    )


def _role(words: tuple[str, ...], knowledge: Knowledge) -> str:
    phrase = " ".join(words).lower().rstrip(".")
    if phrase in _lowered(knowledge.question_labels):
        return "question"
    if phrase in _lowered(knowledge.anonymous_labels) or phrase in knowledge.answer_labels:
        return "anonymous"
    return "speaker"


@functools.cache
def _lowered(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.lower().rstrip(".") for v in values)


def _accepted(candidate: _Candidate, speakers: list[_Candidate], knowledge: Knowledge) -> bool:
    """A transcript labels its speakers again and again; one label-like line is page furniture."""
    if candidate.role == "question":
        return candidate.line_start or _recurs(candidate, speakers, by_phrase=True)
    if candidate.role == "anonymous":
        return _recurs(candidate, speakers, by_phrase=True) or (candidate.line_start and candidate.upper)
    split = label_name(list(candidate.words), knowledge)
    if not split.person and split.title is None:
        return False
    titled = split.title is not None or _honorific(candidate.words, knowledge)
    if candidate.line_start and titled and (candidate.upper or (candidate.inline_body and split.person)):
        return True  # "PRESIDENT BIDEN:", "President of Russia Vladimir Putin: ..." open a turn even once
    if not candidate.inline_body or "and" in candidate.words:
        return False  # "Recent Statements and Quotes:" heads a section; a turn's words follow its label
    return _recurs(candidate, speakers, by_phrase=not split.person)


def _named_elsewhere(candidate: _Candidate, text: str, knowledge: Knowledge, places: dict[str, list[int]]) -> bool:
    """ "Alexei Dyumin: Mr President, ..." under a title naming Governor Alexei Dyumin."""
    split = label_name(list(candidate.words), knowledge)
    if not (candidate.line_start and candidate.inline_body and len(split.person.split()) >= 2):
        return False
    if split.person not in places:
        pattern = rf"(?<!\w){re.escape(split.person)}(?!\w)"
        places[split.person] = [m.start() for m in re.finditer(pattern, text)]
    return any(start != candidate.name_start for start in places[split.person])


def _answer(candidate: _Candidate, knowledge: Knowledge) -> bool:
    return candidate.role == "anonymous" and " ".join(candidate.words).lower().rstrip(".") in knowledge.answer_labels


def _recurs(candidate: _Candidate, speakers: list[_Candidate], by_phrase: bool) -> bool:
    for other in speakers:
        if other is candidate:
            continue
        if by_phrase and [w.lower() for w in other.words] == [w.lower() for w in candidate.words]:
            return True
        if not by_phrase and candidate.key_words & other.key_words:
            return True
    return False


def _honorific(words: tuple[str, ...], knowledge: Knowledge) -> bool:
    return bool(words) and words[0].lower().rstrip(".") in _lowered(knowledge.honorifics)


def _canonical_names(labels: list[_Candidate]) -> dict[_Candidate, str]:
    """One name per speaker: the fullest form among the labels that share a name word."""
    out: dict[_Candidate, str] = {}
    speakers = [c for c in labels if c.role == "speaker"]
    for candidate in speakers:
        forms = [" ".join(o.words) for o in speakers if o.key_words & candidate.key_words and not _mangled(o.words)]
        own = " ".join(candidate.words)
        if _mangled(candidate.words) and forms:
            out[candidate] = max(forms, key=lambda f: (forms.count(f), -len(f)))
        else:
            out[candidate] = own
    return out


def _mangled(words: tuple[str, ...]) -> bool:
    """A scraped label that repeats a word of itself ("Jane Doe Doe JaneTitle")."""
    lowered = [w.lower() for w in words if len(w) >= 3]
    return len(set(lowered)) < len(lowered)


def _title_at(lowered: list[str], index: int, knowledge: Knowledge) -> TitleForm | None:
    for form, words in _title_words(knowledge):
        if tuple(lowered[index : index + len(words)]) == words:
            return form
    return None


@functools.cache
def _title_words(knowledge: Knowledge) -> tuple[tuple[TitleForm, tuple[str, ...]], ...]:
    forms = [(f, tuple(f.form.lower().split())) for f in knowledge.title_forms]
    forms += [(TitleForm(h, h, None), (h.lower(),)) for h in knowledge.honorifics]
    return tuple(sorted(forms, key=lambda item: -len(item[1])))


def _owner_at(words: list[str], index: int, knowledge: Knowledge) -> tuple[str | None, int]:
    """The country or organisation named from ``index`` on ("the Russian Federation"), and its length."""
    skip = 1 if index < len(words) and words[index].lower() == "the" else 0
    for size in range(5, 0, -1):
        phrase = " ".join(words[index + skip : index + skip + size])
        for surface in (phrase, phrase.title()):
            for entry in knowledge.lookup(surface):
                if entry.kind in ("country", "organisation"):
                    return entry.name, skip + size
    return None, 0
