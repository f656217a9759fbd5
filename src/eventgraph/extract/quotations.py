"""Quotations attributed by where they stand rather than by a verb of their own.

A quotation no cue took is attributed to the nearest cue of the sentences around it; lists
('Name: "..."'), signed quotations ('"..." ― Name'), transcript lines ('SMITH: ...') and
headline labels ('Smith: Talks will fail') name their speaker by layout; and a quotation
resumed after its attribution tag ('"A," X said. "B."') is the same statement.
"""

from __future__ import annotations

import re

import attrs
from spacy.tokens import Token

from eventgraph.extract.quotes import Quote
from eventgraph.extract.records import ClaimRecord
from eventgraph.extract.segment import Sentence
from eventgraph.extract.speakers import subject_of
from eventgraph.ids import fold
from eventgraph.model import Span

__all__ = ["TRIM", "QuotationAttribution"]

TRIM = " \t\n,;:.\"'“”‘’«»()[]—–-"
_NAME_QUOTE = re.compile(r"^\s*(?:(?:\d{1,2}[.)]|[-*•])\s*)?(?P<who>[^:“\"\n]{2,140}?)\s*:\s*[“\"]")
_FINAL = re.compile(r"[.!?…]\s*$")
_SIGNED = re.compile(r"^\s*[“”\"](?P<body>.{20,}?)[”\"]\s*[―—–]\s*(?P<who>[A-ZÀ-Þ][^\n―—–“”\"]{1,60}?)[.\s]*$")
_TRANSCRIPT = re.compile(r"^\s*[\"“]?(?P<who>[A-Z][A-Z.'’ -]{1,40}[A-Z.]):\s+(?P<body>[^(\s].*?)[\"”]?\s*$")
_HEADLINE_LABEL = re.compile(r"^\s*(?P<who>[A-Z][\w.'’ -]{1,40}?):\s+(?P<body>\S.{10,}?)\s*$")
_DATE_ONLY = re.compile(r"^[\s\d,./-]*(?:[A-Z][a-z]{2,8}\.?)?[\s\d,./-]*$")
_PERSON_NAME = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*(?: [A-ZÀ-Þ][\w'’.-]*){0,3}$")


def _headline_case(text: str) -> bool:
    """Most longer words capitalised: a title ("Ukraine's NATO Membership Bid: What's Next?")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", text) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


class QuotationAttribution:
    """Attribution by layout and adjacency, mixed into the claim finder (which provides the state)."""

    def _quote_claims(self) -> None:
        """Quotations no cue took as content: attributed by a cue in the sentences around them."""
        for quote in self.quotes:
            if not quote.full or self._covered(quote.start, quote.end):
                continue
            block = next((b for b in self.parsed.blocks if b.start <= quote.start < b.end), None)
            if block is None or block.quoted:
                continue
            sentences = [s for s in self.parsed.sentences if s.start < quote.end + 2 and quote.start - 2 < s.end]
            tag = (
                next(
                    (
                        s
                        for s in self.parsed.sentences
                        if quote.end <= s.start <= quote.end + 3 and s.block == sentences[-1].block
                    ),
                    None,
                )
                if sentences
                else None
            )
            if tag is not None and tag not in sentences:
                sentences.append(tag)  # '"...?" Doe asked.': the parser ends the sentence at the question mark
            if not sentences:
                continue
            cue = self._nearest_cue(sentences, quote)
            if cue is None:
                continue
            verb, offset = cue
            subject = subject_of(verb)
            speakers = self._previous_quoted(subject, quote, block.start) or self._speakers(subject, offset)
            if not speakers:
                continue
            start, end = self._trim(quote.start, quote.end)
            whole = Span(min(sentences[0].start, start), max(sentences[-1].end, end))
            for speaker in speakers:
                self.records.append(
                    ClaimRecord(Span(start, end), whole, "quote", verb.lemma_.lower(), (speaker,), offset + verb.idx)
                )

    def _previous_quoted(self, subject: Token | None, quote: Quote, block_start: int) -> tuple[str, ...]:
        """'"A," Doe said. "B." He added ...': he is the speaker of the paragraph's quotation before
        this one, when that speaker is a person and nobody else is quoted in between."""
        if subject is None or subject.lower_ not in ("he", "she"):
            return ()
        before = [
            r for r in self.records if r.form == "quote" and block_start <= r.span.start and r.span.end <= quote.start
        ]
        if not before:
            return ()
        last = max(before, key=lambda r: r.span.end)
        speakers = {r.speakers for r in before if r.span.end == last.span.end}
        if len(speakers) != 1 or len(last.speakers) != 1:
            return ()
        key = last.speakers[0]
        gender = "f" if subject.lower_ == "she" else "m"
        if self.table.entities[key].kind != "person" or self.discourse.genders.get(key, gender) != gender:
            return ()
        return last.speakers

    def _nearest_cue(self, sentences: list[Sentence], quote: Quote) -> tuple[Token, int] | None:
        best: tuple[int, Token, int] | None = None
        for sentence in sentences:
            offset = self.parsed.blocks[sentence.block].start
            for token in sentence.span:
                position = offset + token.idx
                if quote.start <= position < quote.end:
                    continue
                lemma = token.lemma_.lower()
                if token.pos_ == "VERB" and (lemma in self.k.cue_verbs or lemma in ("ask", "demand")):
                    distance = min(abs(position - quote.end), abs(position - quote.start))
                    if best is None or distance < best[0]:
                        best = (distance, token, offset)
        return (best[1], best[2]) if best else None

    def _covered(self, start: int, end: int) -> bool:
        """Some record already has these words as content (records cued inside them are nested, not rivals)."""
        return any(r.span.start < end and start < r.span.end and not start <= r.cue_start < end for r in self.records)

    def _listed_quotes(self) -> None:
        """'Name: "quote"' lines, as in lists of statements; headline-like quotes are titles, not claims."""
        for block in self.parsed.blocks:
            line = self.text[block.start : block.end]
            match = _NAME_QUOTE.match(line)
            if not match:
                continue
            quote = next(
                (q for q in self.quotes if block.start + match.end() - 1 <= q.start <= block.start + match.end() + 1),
                None,
            )
            if quote is None or self._covered(quote.start, quote.end):
                continue
            inner = self.text[quote.start : quote.end]
            if quote.words <= 15 and (not _FINAL.search(inner) or _headline_case(inner)):
                continue
            who_start, who_end = block.start + match.start("who"), block.start + match.end("who")
            keys = [
                k
                for k in self.table.within(who_start, who_end)
                if self.table.entities[k].kind in ("person", "organisation", "country")
            ]
            people = [k for k in keys if self.table.entities[k].kind == "person"]
            speaker = (people or keys or [None])[-1]
            if speaker is None:
                continue
            start, end = self._trim(quote.start, quote.end)
            sentence = Span(block.start, block.end)
            self.records.append(ClaimRecord(Span(start, end), sentence, "quote", "colon", (speaker,), who_end))

    def _layout_quotes(self) -> None:
        """Two layouts that attribute by position, not by a verb: a quotation signed with a dash
        ('"..." ― Jane Doe') and a transcript line ('SMITH: ...')."""
        labels = [m.group("who") for b in self.parsed.blocks if (m := _TRANSCRIPT.match(self.text[b.start : b.end]))]
        for block in self.parsed.blocks:
            line = self.text[block.start : block.end]
            for pattern, cue in ((_SIGNED, "signed"), (_TRANSCRIPT, "transcript")):
                match = pattern.match(line)
                if not match or (
                    cue == "transcript" and not (match.group("who").isupper() and labels.count(match.group("who")) >= 2)
                ):
                    continue  # a transcript names its speakers again and again; 'UPDATE:' once is page furniture
                start, end = self._trim(block.start + match.start("body"), block.start + match.end("body"))
                if end - start < 15 or self._covered(start, end):
                    continue
                who_start, who_end = block.start + match.start("who"), block.start + match.end("who")
                speaker = self._named_by_label(who_start, who_end)
                if speaker is not None:
                    self.records.append(
                        ClaimRecord(Span(start, end), Span(block.start, block.end), "quote", cue, (speaker,), who_start)
                    )
            headline = (
                _HEADLINE_LABEL.match(line) if block.kind == "heading" or block is self.parsed.blocks[0] else None
            )
            if headline and _DATE_ONLY.match(headline.group("body")):
                headline = None  # "Call with X: 6 January 2023" dates the item; it says nothing
            if headline and not _TRANSCRIPT.match(line):  # 'Smith: Talks Will Fail': a headline gives the gist
                who_start, who_end = block.start + headline.start("who"), block.start + headline.end("who")
                keys = [
                    k
                    for k in self.table.within(who_start, who_end)
                    if self.table.entities[k].kind in ("person", "organisation", "country")
                ]
                start, end = self._trim(block.start + headline.start("body"), block.start + headline.end("body"))
                if keys and not self._covered(start, end):
                    self.records.append(
                        ClaimRecord(
                            Span(start, end),
                            Span(block.start, block.end),
                            "reported",
                            "headline",
                            (keys[-1],),
                            who_start,
                        )
                    )

    def _named_by_label(self, start: int, end: int) -> str | None:
        """The actor a signature or speaker label names; a person named only there is added to the table."""
        keys = [
            k
            for k in self.table.within(start, end)
            if self.table.entities[k].kind in ("person", "organisation", "country")
        ]
        if keys:
            people = [k for k in keys if self.table.entities[k].kind == "person"]
            return (people or keys)[-1]
        label = " ".join(self.text[start:end].split()).strip(" .,")
        last = label.split()[-1].lower() if label else ""
        same = [k for k, e in self.table.entities.items() if e.kind == "person" and e.name.split()[-1].lower() == last]
        if len(same) == 1:
            return same[0]
        if not _PERSON_NAME.match(label.title() if label.isupper() else label):
            return None
        name = label.title() if label.isupper() else label
        name = self.k.canonical_person(name) or self.k.holder_of_surname(fold(name)) or name
        entity = self.table.ensure("person", name)
        self.table.add_mention(entity.key, self.text[start:end], start, end)
        return entity.key

    def _continued_quotes(self) -> None:
        """'"A," X said. "B."': a quotation resumed after its attribution tag, or run on by an adjacent
        quotation in the same paragraph, is the same statement; the record grows to take it in."""
        grown: list[ClaimRecord] = []
        for record in self.records:
            if record.form != "quote" and record.cue_start < record.span.end:
                grown.append(record)
                continue  # a reported statement runs on into a quotation only after its tag ('..., Doe said. "..."')
            block = next((b for b in self.parsed.blocks if b.start <= record.span.start < b.end), None)
            end = record.span.end
            tag_used = record.cue_start < record.span.start
            while block is not None:
                after = next((q for q in self.quotes if q.start > end and q.end <= block.end and q.full), None)
                if after is None:
                    break
                between = self.text[end : after.start]
                if len(between) > 200 or re.search(r"[“”\"«»]{2}|\n", between.strip(TRIM + " ")):
                    break
                has_tag = end <= record.cue_start < after.start
                if self._other_cue(end, after.start, record.cue_start):
                    break  # '"A," X said, adding later, "B."': a second statement
                if has_tag and tag_used:
                    break
                if not has_tag and between.strip(TRIM + " "):
                    break  # words between that are not this statement's own tag: another sentence
                if any(
                    r.speakers != record.speakers
                    and r.span.start < after.end
                    and after.start < r.span.end
                    and not after.start <= r.cue_start < after.end
                    for r in self.records
                ):
                    break  # someone else's words
                tag_used = tag_used or has_tag
                end = self._trim(after.start, after.end)[1]
            if end == record.span.end:
                grown.append(record)
                continue
            span = Span(record.span.start, end)
            sentence = Span(record.sentence.start, max(record.sentence.end, end))
            grown.append(attrs.evolve(record, span=span, sentence=sentence))
        original_spans = {x.span for x in self.records}
        inside = [r for r in grown if r.span not in original_spans]
        self.records = [
            r
            for r in grown
            if not any(
                o is not r and o.speakers == r.speakers and o.span.start <= r.span.start and r.span.end <= o.span.end
                for o in inside
            )
        ]

    def _other_cue(self, start: int, end: int, cue_start: int) -> bool:
        for sentence in self.parsed.sentences:
            if sentence.end <= start or sentence.start >= end:
                continue
            offset = self.parsed.blocks[sentence.block].start
            for token in sentence.span:
                position = offset + token.idx
                if (
                    start <= position < end
                    and position != cue_start
                    and token.pos_ == "VERB"
                    and token.lemma_.lower() in self.k.cue_verbs
                    and not (token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj"))
                ):
                    return True  # a participle on the tag ("said Doe, speaking of ...") is no second statement
        return False
