"""Statements and who made them: reported speech from the parse, direct quotes, and lists.

A cue (a speech verb from ``cues.json``, "according to", or a noun such as "suggestion
that") is read with the frames the data file gives it: a that-clause, an object, an
addressee with a to-infinitive, "X as Y". Its content is the words of that frame,
verbatim; its speaker the cue's subject, resolved through names, titles, groups and
pronouns. Quotations become claims of form ``quote``; a quotation with no cue near it
is attributed only where the text says who speaks ("Name: "..."").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

import attrs
from spacy.tokens import Token

from eventgraph.extract.entities import EntityTable
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.publisher import HouseStyle
from eventgraph.extract.quotations import TRIM, QuotationAttribution
from eventgraph.extract.quotes import Quote, find_quotes
from eventgraph.extract.records import ClaimRecord
from eventgraph.extract.segment import Parsed, Sentence
from eventgraph.extract.speakers import NOBODY, Discourse, subject_of
from eventgraph.extract.utterances import passages
from eventgraph.extract.voices import Voices
from eventgraph.model import Span

__all__ = ["ClaimRecord", "extract_claims"]

_FRAME_ORDER = ("clause", "object_to", "as", "complement", "prep", "object")
_LEAD = re.compile(r"^that\s+", re.I)
_RELATIVES = {"which", "that", "who", "whom", "what"}
_BOUNDARIES = {"cc", "conj", "advcl", "punct", "parataxis"}
_SPLIT_FROM = 2


def _continues(child: Token, last: int) -> bool:
    """A to-infinitive right after the content belongs to it ("her appeal to both sides to return to the table")."""
    return (
        child.dep_ in ("advcl", "xcomp")
        and child.left_edge.i == last + 1
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children)
    )


def extract_claims(
    text: str,
    parsed: Parsed,
    table: EntityTable,
    knowledge: Knowledge,
    voices: Voices | None = None,
    style: HouseStyle | None = None,
) -> list[ClaimRecord]:
    """Every attributed statement in the (cleaned) text."""
    return _ClaimFinder(text, parsed, table, knowledge, voices or Voices(), style or HouseStyle()).run()


class _ClaimFinder(QuotationAttribution):
    def __init__(
        self, text: str, parsed: Parsed, table: EntityTable, knowledge: Knowledge, voices: Voices, style: HouseStyle
    ) -> None:
        self.text = text
        self.style = style
        self.parsed = parsed
        self.table = table
        self.k = knowledge
        self.voices = voices
        self.quotes = find_quotes(text, parsed.blocks)
        self.quote_starts = [q.start for q in self.quotes]  # quotes are in order of their starts
        self.longest_quote = max((q.end - q.start for q in self.quotes), default=0)
        self.discourse = Discourse(table, knowledge, voices)
        self.records: list[ClaimRecord] = []
        self._last_quote: tuple[str, Sentence] | None = None
        self.block_start = {id(doc): block.start for block, doc in zip(parsed.blocks, parsed.docs, strict=True)}

    def run(self) -> list[ClaimRecord]:
        for sentence, offset, block in self.discourse.walk(self.parsed):
            if block.quoted or self._question(sentence) or self.voices.of(sentence.block) is not None:
                continue
            for token in sentence.span:
                self._token(token, sentence, offset)
        self._quote_claims()
        self._listed_quotes()
        self._layout_quotes()
        self._continued_quotes()
        self._continuations()
        self.records = [r for r in self.records if self._voice_at(r.span.start) is None]
        if self.style.official:
            self._split_long_quotes()
        self._voiced_claims()
        return self._deduplicated()

    def _split_long_quotes(self) -> None:
        """An official release quotes its principals at length: a statement per substantive sentence."""
        out: list[ClaimRecord] = []
        for record in self.records:
            sentences = self.parsed.sentences_in(record.span.start, record.span.end)
            if record.form != "quote" or len(sentences) < _SPLIT_FROM:
                out.append(record)
                continue
            pieces = passages(self.text, sentences, self.k, record.span.start, record.span.end)
            if len(pieces) < 2:
                out.append(record)
                continue
            for piece in pieces:
                out.append(attrs.evolve(record, span=Span(piece.start, piece.end)))
        self.records = out

    def _continuations(self) -> None:
        """ "X warned that A. It could also B.": a modal sentence whose subject points back at the
        warning, right after it, goes on with the same speaker's reported statement."""
        reported = [r for r in self.records if r.form == "reported" and r.cue in self.k.cue_verbs]
        for record in reported:
            sentence = self.parsed.sentence_at(record.span.start)
            if sentence is None:
                continue
            following = self.parsed.sentence_at(sentence.end + 1) or next(
                iter(self.parsed.sentences_in(sentence.end, sentence.end + 3)), None
            )
            if following is None or following is sentence:
                continue
            if following.block != sentence.block or self._covered(following.start, following.end):
                continue
            root = following.span.root
            subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
            modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)
            if not modal or len(subjects) != 1 or subjects[0].lower_ not in ("it", "this", "that", "such"):
                continue
            if any(t.lemma_.lower() in self.k.cue_verbs for t in following.span) or '"' in following.span.text:
                continue
            start, end = self._trim(following.start, following.end)
            for speaker in record.speakers:
                self.records.append(
                    ClaimRecord(
                        Span(start, end),
                        Span(following.start, following.end),
                        "reported",
                        record.cue,
                        (speaker,),
                        record.cue_start,
                    )
                )

    def _voice_at(self, offset: int) -> tuple[str, ...] | None:
        sentence = self.parsed.sentence_at(offset)
        return self.voices.of(sentence.block) if sentence is not None else None

    def _voiced_claims(self) -> None:
        """Each substantive sentence of a passage that is someone's speech by layout is their statement."""
        by_block: dict[int, list[Sentence]] = {}
        for sentence in self.parsed.sentences:
            if self.voices.of(sentence.block):
                by_block.setdefault(sentence.block, []).append(sentence)
        for number, sentences in by_block.items():
            block = self.parsed.blocks[number]
            speakers = self.voices.of(number) or ()
            cue = self.voices.how.get(number, "statement")
            for passage in passages(self.text, sentences, self.k, block.start, block.end):
                span = Span(passage.start, passage.end)
                whole = Span(min(passage.first.start, span.start), max(passage.last.end, span.end))
                for speaker in speakers:
                    self.records.append(ClaimRecord(span, whole, "quote", cue, (speaker,), block.start, voiced=True))

    def _question(self, sentence: Sentence) -> bool:
        """The sentence asks rather than reports; a quoted question inside a report does not count."""
        stripped = self.text[sentence.start : sentence.end].rstrip()
        if not stripped.endswith("?"):
            return False
        mark = sentence.start + len(stripped) - 1
        return not any(q.start <= mark <= q.end for q in self.quotes) and not re.search(r"[“\"‘]", stripped)

    # -- cues -----------------------------------------------------------------------------
    def _token(self, token: Token, sentence: Sentence, offset: int) -> None:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and any(
            phrase.partition(" ")[0] == lemma
            and any(c.dep_ == "prt" and c.lower_ == phrase.partition(" ")[2] for c in token.children)
            for phrase in self.k.cue_particles
        ):
            self._particle(token, sentence, offset)  # "pointed out that": the particle cue, not "point (to)"
        elif token.pos_ in ("VERB", "AUX") and lemma in self.k.citing_verbs and self._cited(token):
            self._as_cited(token, sentence, offset)
        elif token.pos_ in ("VERB", "AUX") and lemma in self.k.cue_verbs:
            self._verb(token, self.k.cue_verbs[lemma], sentence, offset)
        elif lemma in self.k.as_tag_verbs and any(
            c.dep_ in ("dobj", "obj") and c.lower_ == self.k.as_tag_verbs[lemma] for c in token.children
        ):
            self._verb(token, (), sentence, offset)  # "As she put it, ...": only the as-tag form speaks
        elif token.pos_ == "VERB" and lemma in ("point", "make", "spell"):
            self._particle(token, sentence, offset)
        elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            self._according(token, sentence, offset)
        elif token.pos_ == "NOUN" and lemma in self.k.cue_nouns:
            self._noun(token, sentence, offset)

    def _verb(self, verb: Token, frames: tuple[str, ...], sentence: Sentence, offset: int) -> None:
        if any(c.dep_ == "neg" for c in verb.children) or verb.dep_ == "amod" or _addressed(verb):
            return
        content = self._content(verb, frames) or self._as_tagged(verb)
        if content is None:
            return
        start, end, frame = content
        if frame == "object" and self._elaborated(verb):
            return
        if frame == "object" and self._proposes_meeting(verb):
            return  # "proposed a summit meeting": a proposed meeting, not a statement
        lemma = verb.lemma_.lower()
        heads = self.k.object_heads.get(lemma)
        if (
            heads is not None
            and frame == "object"
            and not any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in heads for c in verb.children)
        ):
            return  # "raised taxes" reports no speech; "raised concerns" does
        subject = subject_of(verb) or self._issuer(verb)
        if lemma in self.k.document_cues and (subject is None or subject.lemma_.lower() not in self.k.document_nouns):
            return  # "the letter reads ..." speaks; "she reads" does not
        speakers = self._outer_speaker(verb, subject, offset) or self._speakers(subject, offset)
        if not speakers:
            return
        self._add(start, end, sentence, verb.lemma_.lower(), speakers, offset + verb.idx)

    def _outer_speaker(self, verb: Token, subject: Token | None, offset: int) -> tuple[str, ...]:
        """ "The ministry said it regretted ...": a pronoun inside what someone says is that
        speaker, when the kinds agree (it: a body or a country; he, she: a person)."""
        if subject is None or subject.lower_ not in ("it", "he", "she"):
            return ()
        outer = verb
        while outer.dep_ in ("ccomp", "conj") and outer.head.i != outer.i:
            outer = outer.head
            if outer.lemma_.lower() in self.k.cue_verbs and outer.dep_ != "conj":
                break
        if outer is verb or outer.lemma_.lower() not in self.k.cue_verbs:
            return ()
        teller = subject_of(outer)
        if teller is None or teller.pos_ == "PRON":
            return ()
        keys = self.discourse.resolve(teller, offset) or ()
        if len(keys) != 1:
            return ()
        person = self.table.entities[keys[0]].kind == "person"
        return keys if person == (subject.lower_ != "it") else ()

    def _without_rival(self, tokens: list[Token], clause: Token) -> list[Token]:
        """ "insisted the plan was sound, while Meloni warned it could fail": the contrasting
        statement is another speaker's, not part of this one."""
        for child in clause.children:
            if (
                child.dep_ == "advcl"
                and child.i > clause.i
                and child.lemma_.lower() in self.k.cue_verbs
                and any(c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in child.children)
                and any(c.dep_ == "nsubj" for c in child.children)
            ):
                cut = child.left_edge.i
                kept = [t for t in tokens if t.i < cut]
                while kept and kept[-1].is_punct:
                    kept.pop()
                return kept or tokens
        return tokens

    def _as_tagged(self, verb: Token) -> tuple[int, int, str] | None:
        """ "As the minister noted, X" and "As she put it, X": the clause the as-tag introduces."""
        if not (
            verb.dep_ == "advcl"
            and verb.i < verb.head.i
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "it" for c in verb.children)
        ):
            return None
        if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
            return None
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own and not t.is_punct]
        if not tokens:
            return None
        start, end = self._span(tokens, self._offset(verb))
        return (start, end, "clause") if end - start >= 3 else None

    def _issuer(self, verb: Token) -> Token | None:
        """ "The council issued a statement calling X ...": the statement speaks for its issuer."""
        text = verb.head
        if verb.dep_ != "acl" or text.lemma_.lower() not in self.k.document_nouns or text.dep_ not in ("dobj", "obj"):
            return None
        issuing = text.head
        return subject_of(issuing) if issuing.lemma_.lower() in self.k.issue_verbs else None

    def _proposes_meeting(self, verb: Token) -> bool:
        return verb.lemma_.lower() in self.k.hypothetical_words and any(
            c.dep_ in ("dobj", "obj") and c.lemma_.lower() in self.k.meeting_nouns for c in verb.children
        )

    def _elaborated(self, verb: Token) -> bool:
        """ "reaffirmed X, stating that Y" is one statement, Y: the object only names its topic."""
        for child in verb.children:
            if child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_.lower() in self.k.neutral_cues:
                for clause in (c for c in child.children if c.dep_ == "ccomp"):
                    start, end = self._span(list(clause.subtree), self._offset(clause))
                    if self._quote_for(start, end) is None:
                        return True
        return False

    def _speakers(self, subject: Token | None, offset: int) -> tuple[str, ...]:
        if subject is None:
            return NOBODY
        quoted = self._quoted_before(subject, offset)
        if quoted is not None:
            return (quoted,)
        if subject.dep_ == "pobj" and subject.head.dep_ == "agent":
            keys = self.discourse.name(subject, offset)
        else:
            keys = self.discourse.resolve(subject, offset)
        return keys or NOBODY

    def _quoted_before(self, pronoun: Token, offset: int) -> str | None:
        """'"...," Doe said. "...," he added.': he or she in a speech tag is the speaker of the
        quotation just before (this sentence or the one before), when the gender does not clash."""
        if pronoun.lower_ not in ("he", "she") or self._last_quote is None:
            return None
        key, sentence = self._last_quote
        here = self.parsed.sentence_at(offset + pronoun.idx)
        if here is None or self.table.entities[key].kind != "person":
            return None
        before = self.parsed.sentences_in(max(0, here.start - 3), here.start)
        if sentence is not here and sentence not in before:
            return None
        gender = "f" if pronoun.lower_ == "she" else "m"
        if self.discourse.genders.get(key, gender) != gender:
            return None
        self.discourse.genders[key] = gender
        return key

    def _particle(self, verb: Token, sentence: Sentence, offset: int) -> None:
        lemma = verb.lemma_.lower()
        words = {c.lower_ for c in verb.children if c.dep_ in ("prt", "acomp", "oprd", "ccomp", "advmod", "dobj")}
        words |= {
            g.lower_
            for c in verb.children
            if c.dep_ in ("ccomp", "oprd", "xcomp")
            for g in c.children
            if g.dep_ == "acomp"
        }
        for phrase, frames in self.k.cue_particles.items():
            head, _, particle = phrase.partition(" ")
            if head == lemma and (
                particle in words or re.search(rf"\b{particle}\b", verb.sent.text[verb.i - verb.sent.start :][:40])
            ):
                content = self._content(verb, frames, skip_word=particle)
                marker = next((c for c in verb.children if c.lower_ == particle), None)
                clause = (
                    next((g for g in marker.children if g.dep_ in ("advcl", "ccomp")), None)
                    if marker is not None
                    else None
                )
                if content is None and clause is not None:
                    content = (*self._span(list(clause.subtree), self._offset(verb)), "clause")
                if content:
                    speakers = self._speakers(subject_of(verb), offset)
                    if speakers:
                        self._add(content[0], content[1], sentence, phrase, speakers, offset + verb.idx)
                return

    @staticmethod
    def _cited(verb: Token) -> bool:
        """ "As noted in the report, ...": a cue in an as-clause without a subject of its own."""
        return (
            verb.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("it",) for c in verb.children)
        )

    def _as_cited(self, verb: Token, sentence: Sentence, offset: int) -> None:
        """ "As discussed in a recent analysis by the institute, X": the source says X."""
        sources = [
            p
            for c in verb.children
            if (c.dep_ == "prep" and c.lower_ in ("in", "by")) or c.dep_ == "agent"
            for p in c.subtree
            if p.dep_ == "pobj" or p.dep_ == "compound"
        ]
        keys: tuple[str, ...] = ()
        for source in sources:
            keys = self.discourse.name(source, offset) or ()
            if keys:
                break
        if not keys:
            return
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own and not t.is_punct]
        if not tokens:
            return
        start, end = self._span(tokens, offset)
        self._add(start, end, sentence, verb.lemma_.lower(), keys, offset + verb.idx)

    def _according(self, token: Token, sentence: Sentence, offset: int) -> None:
        to = next(c for c in token.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return
        clause = token.head
        while clause.dep_ not in ("ROOT",) and clause.head.i != clause.i and clause.pos_ not in ("VERB", "AUX"):
            clause = clause.head
        if any(c.lemma_.lower() in self.k.cue_verbs and c.pos_ == "VERB" for c in clause.subtree if c.i != token.i):
            return
        speakers = (
            self.discourse.resolve(source, offset) if source.pos_ == "PRON" else self.discourse.name(source, offset)
        ) or NOBODY
        if not speakers:
            return
        skip = set(range(token.i, token.right_edge.i + 1))
        tokens = [t for t in clause.subtree if t.i not in skip and not t.is_punct]
        if not tokens:
            return
        start, end = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1].text)
        self._add(start, end, sentence, "according to", speakers, offset + token.idx)

    def _noun(self, noun: Token, sentence: Sentence, offset: int) -> None:
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
        if owner is None or clause is None:
            return
        speakers = self.discourse.name(owner, offset) or NOBODY
        if not speakers:
            return
        start, end = self._span(list(clause.subtree), offset)
        self._add(start, end, sentence, noun.lemma_.lower(), speakers, offset + noun.idx)

    # -- content --------------------------------------------------------------------------
    def _content(
        self, verb: Token, frames: tuple[str, ...], skip_word: str | None = None
    ) -> tuple[int, int, str] | None:
        children = [c for c in verb.children if skip_word is None or c.lower_ != skip_word]
        offset = self._offset(verb)
        dobj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
        for frame in sorted(frames, key=lambda f: _FRAME_ORDER.index(f.split(":")[0])):
            tokens: list[Token] = []
            if frame == "clause":
                clause = next((c for c in children if c.dep_ == "ccomp"), None)
                if clause is None and dobj is None:
                    clause = next((c for c in children if c.dep_ == "parataxis"), None)
                if clause is None and dobj is None:
                    clause = next((c for c in children if c.i > verb.i and _bare_finite_clause(c)), None)
                if clause is not None:
                    tokens = self._without_rival(_without_lead(clause), clause)
                elif (
                    dobj is None
                    and verb.dep_ == "parataxis"
                    and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
                    and not any(c.dep_ == "mark" for c in verb.children)
                ):
                    own = {t.i for t in verb.subtree}  # "The plan, she said, will fail": the clause the tag interrupts
                    tokens = [t for t in verb.head.subtree if t.i not in own]
            elif frame == "object_to":
                addressee = dobj or next(
                    (
                        p
                        for c in children
                        if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                        for p in c.children
                        if p.dep_ == "pobj"
                    ),
                    None,
                )
                infinitive = next(
                    (
                        c
                        for c in children
                        if c.dep_ in ("xcomp", "advcl", "ccomp") and any(g.lower_ == "to" for g in c.children)
                    ),
                    None,
                )
                if infinitive is None and addressee is not None:
                    infinitive = next(
                        (
                            c
                            for c in addressee.children
                            if c.dep_ in ("acl", "relcl") and any(g.lower_ == "to" for g in c.children)
                        ),
                        None,
                    )
                if addressee is not None and infinitive is not None:
                    tokens = [*addressee.subtree, *infinitive.subtree]
                elif infinitive is not None:
                    tokens = list(infinitive.subtree)
            elif frame == "as" and dobj is not None:
                as_phrase = next(
                    (c for c in [*children, *dobj.children] if c.dep_ == "prep" and c.lower_ == "as"), None
                )
                if as_phrase is not None:
                    tokens = [*dobj.subtree, *as_phrase.subtree]
            elif frame == "complement" and dobj is not None:
                complement = next((c for c in children if c.dep_ in ("oprd", "xcomp", "acomp") and c.i > dobj.i), None)
                complement = complement or next(
                    (c for c in dobj.children if c.dep_ in ("amod", "acl") and c.i > dobj.i), None
                )
                if complement is not None:
                    tokens = [*dobj.subtree, *complement.subtree]
            elif frame.startswith("prep:"):
                word = frame.split(":", 1)[1]
                prep = next((c for c in children if c.dep_ in ("prep", "prt", "dative") and c.lower_ == word), None)
                if prep is not None:
                    tokens = [t for t in prep.subtree if t.i != prep.i]
                    if not tokens and verb.dep_ == "relcl":
                        tokens = self._antecedent(verb)
            elif frame == "object" and dobj is not None:
                tokens = list(dobj.subtree)
                if dobj.lower_ in ("which", "that", "what") and verb.dep_ == "relcl":
                    tokens = self._antecedent(verb)
            tokens = [t for t in tokens if t.i != verb.i]
            if tokens and all(t.lower_ in _RELATIVES or t.is_punct for t in tokens) and verb.dep_ == "relcl":
                tokens = self._antecedent(verb)
            if tokens and not all(t.is_punct or t.pos_ == "PRON" for t in tokens):
                tokens = self._extended(verb, tokens)
                start, end = self._span(tokens, offset)
                if end - start >= 3:
                    return start, end, frame.split(":")[0]
        return None

    def _extended(self, verb: Token, tokens: list[Token]) -> list[Token]:
        """Run the content on to the verb's next clause-level sibling: parsers often attach the
        tail of a complement ("... by reducing the number of troops") to the verb itself."""
        last = max(t.i for t in tokens)
        first = min(t.i for t in tokens)
        siblings = [c for c in verb.children if c.i > last]
        stop = next((c for c in siblings if c.dep_ in _BOUNDARIES and not _continues(c, last)), None)
        end = min((stop.left_edge.i if stop is not None else verb.sent.end) - 1, verb.right_edge.i)
        if stop is not None and stop.dep_ == "punct":
            end = stop.i - 1
        doc = verb.doc
        comma = next((i for i in range(last + 1, end + 1) if doc[i].text in (",", ";", "—", "–")), None)
        end = end if comma is None else comma - 1  # a new clause after a comma is not part of the content
        extra = [doc[i] for i in range(last + 1, end + 1) if doc[i].i != verb.i]
        if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == verb.i for t in extra):
            return tokens
        return [doc[i] for i in range(first, max(last, end) + 1) if doc[i].i != verb.i] if extra else tokens

    def _antecedent(self, verb: Token) -> list[Token]:
        head = verb.head
        while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head.head
        relative = set(t.i for t in verb.subtree)
        return [t for t in head.subtree if t.i not in relative]

    def _offset(self, token: Token) -> int:
        return self.block_start[id(token.doc)]

    def _span(self, tokens: list[Token], offset: int) -> tuple[int, int]:
        first = min(tokens, key=lambda t: t.i)
        last = max(tokens, key=lambda t: t.i)
        start, end = offset + first.idx, offset + last.idx + len(last.text)
        return self._trim(start, end)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        piece = self.text[start:end]
        lead = _LEAD.match(piece)
        if lead:
            start += lead.end()
        while start < end and self.text[start] in TRIM:
            start += 1
        while end > start and self.text[end - 1] in TRIM:
            end -= 1
        return start, end

    # -- records --------------------------------------------------------------------------
    def _add(
        self, start: int, end: int, sentence: Sentence, cue: str, speakers: tuple[str, ...], cue_start: int
    ) -> None:
        if end <= start:
            return
        form = "reported"
        quote = self._quote_for(start, end)
        if quote is not None and quote.start <= cue_start < quote.end:
            quote = None  # a statement reported inside someone else's quotation: only its own words
        if quote is not None:
            start, end, form = quote.start, quote.end, "quote"
            start, end = self._trim(start, end)
        whole = Span(min(sentence.start, start), max(sentence.end, end))
        for speaker in speakers:
            self.records.append(ClaimRecord(Span(start, end), whole, form, cue, (speaker,), cue_start))
        if form == "quote" and len(speakers) == 1:
            self._last_quote = (speakers[0], sentence)

    def _quote_for(self, start: int, end: int) -> Quote | None:
        """The full quotation that is this content, if the content is quoted."""
        length = end - start
        first = bisect.bisect_left(self.quote_starts, start - self.longest_quote)  # only quotes that start
        last = bisect.bisect_left(self.quote_starts, end)  # within the longest quote's length can overlap
        for quote in self.quotes[first:last]:
            overlap = min(end, quote.end) - max(start, quote.start)
            if overlap <= 0 or not quote.full:
                continue
            if overlap >= 0.6 * length or (
                quote.start >= start - 2 and quote.end <= end + 2 and quote.end - quote.start >= 0.6 * length
            ):
                return quote
        return None

    def _reports_another(self, outer: ClaimRecord) -> bool:
        """'Y said Z, reports X': X only relays Y's statement (a source, not a speaker)."""
        if outer.form == "quote":
            return False  # a quotation that reports someone else is still its speaker's own words
        if outer.cue_start < outer.span.end:
            return False
        first = bisect.bisect_left(self.cue_starts, outer.span.start)  # the records cued inside its content
        last = bisect.bisect_left(self.cue_starts, outer.span.end)
        for inner in self.by_cue[first:last]:
            if inner is outer or inner.speakers == outer.speakers:
                continue
            if inner.cue not in self.k.cue_verbs:
                continue
            if inner.span.end <= outer.span.end:
                return True
        return False

    def _deduplicated(self) -> list[ClaimRecord]:
        seen: dict[tuple[Span, tuple[str, ...]], ClaimRecord] = {}
        self.by_cue = sorted(self.records, key=lambda r: r.cue_start)
        self.cue_starts = [r.cue_start for r in self.by_cue]
        for record in self.records:
            if self._reports_another(record):
                continue
            key = (record.span, record.speakers)
            if key not in seen:
                seen[key] = record
        kept = [r for r in seen.values() if not self._nested(r, seen.values())]
        return sorted(kept, key=lambda r: (r.span.start, r.span.end, r.speakers))

    @staticmethod
    def _nested(record: ClaimRecord, records: Iterable[ClaimRecord]) -> bool:
        """A statement reported inside another speaker's quotation is that speaker's words, not a claim
        of its own ('"He said Hispanics live in hell," she said')."""
        return not record.voiced and any(
            o is not record
            and o.form == "quote"
            and o.speakers != record.speakers
            and o.span.start <= record.cue_start < o.span.end
            for o in records
        )


def _bare_finite_clause(token: Token) -> bool:
    """An adverbial clause with its own subject and no conjunction: the parser's reading of a
    that-less complement after a phrase ("said after the rally he would not ...")."""
    return (
        token.dep_ == "advcl"
        and not any(c.dep_ == "mark" for c in token.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i for c in token.children)
        and (token.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(c.dep_ == "aux" for c in token.children))
    )


def _without_lead(clause: Token) -> list[Token]:
    """A that-less complement without the time or place phrase the parser hung on it
    ("said on Monday he would ..."): that phrase belongs to the saying."""
    tokens = list(clause.subtree)
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or any(c.dep_ == "mark" for c in clause.children):
        return tokens
    lead = [c for c in clause.children if c.i < subject.i and c.dep_ in ("prep", "npadvmod")]
    if not lead or any(t.i < lead[0].left_edge.i for t in tokens if t.dep_ != "punct"):
        return tokens
    return [t for t in tokens if t.i >= subject.left_edge.i]


def _addressed(verb: Token) -> bool:
    """ "Asked whether ..., Lavrov replied": a passive participle with no subject or agent of its
    own has the main clause's subject as its addressee, not its speaker."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "acl")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "aux", "auxpass") for c in verb.children)
    )
