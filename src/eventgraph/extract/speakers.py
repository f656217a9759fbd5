"""Who a grammatical subject is: names, titles, groups, pronouns and capitals.

"He" is the last person a subject named; "they" the last plural subject, even when that
was "many experts", so that the experts' views are not given to someone else; "the two"
the last pair; "NATO officials" NATO; "Russian officials" and "Moscow" Russia.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from spacy.tokens import Span, Token

from eventgraph.extract.entities import EntityTable
from eventgraph.extract.knowledge import Knowledge
from eventgraph.extract.segment import Block, Parsed, Sentence
from eventgraph.extract.voices import Voices
from eventgraph.ids import fold

__all__ = ["NOBODY", "Discourse", "subject_of"]

NOBODY: tuple[str, ...] = ()
_ACTORS = ("person", "organisation", "country")
_PERSONAL = {"he", "she", "him", "her", "his"}
_PLURAL = {"they", "them"}
_NEUTER = {"it"}
_PAIR = {"two", "both", "pair"}
_UNKNOWN = ""


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, looking through conjunctions and participles to the clause that has one."""
    current = verb
    raised = False  # reached through "is expected to ...": the passive subject is the infinitive's
    for _ in range(7):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj") and c.pos_ != "VERB"]
        if (
            subjects
        ):  # '"If it ...," said John Doe': the parser may give the tag two subjects; the nearer is the speaker
            return min(subjects, key=lambda c: abs(c.i - current.i))
        for child in current.children:
            if child.dep_ == "nsubjpass":
                for agent in current.children:
                    if agent.dep_ == "agent":
                        for pobj in agent.children:
                            if pobj.dep_ == "pobj":
                                return pobj
                return child if raised else None
        if current.dep_ in _CLIMB and current.head.i != current.i:
            raised = current.dep_ == "xcomp"
            current = current.head
            continue
        return None
    return None


_CLIMB = ("conj", "advcl", "xcomp", "acl", "pcomp", "pobj", "prep")


@attrs.define
class Discourse:
    """What pronouns and short references can point back to, updated sentence by sentence."""

    table: EntityTable
    knowledge: Knowledge
    voices: Voices = attrs.field(factory=Voices)
    person: str | None = None
    plural: tuple[str, ...] | None = None
    neuter: str | None = None
    pair: tuple[str, ...] | None = None
    speaker: tuple[str, ...] | None = None
    addressee: tuple[str, ...] | None = None
    issued: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    people: list[str] = attrs.field(factory=list)
    genders: dict[str, str] = attrs.field(factory=dict)
    title_words: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.title_words = frozenset(f.form.lower() for f in self.knowledge.title_forms if " " not in f.form)

    def resolve(self, subject: Token, offset: int) -> tuple[str, ...] | None:
        """Actor keys a subject names; ``NOBODY`` for groups without a speaker; None if unknown."""
        word = subject.lower_
        if word in ("who", "which", "that") and subject.head.dep_ == "relcl":
            return self.name(subject.head.head, offset)  # "Modi, who met Johnson": the antecedent
        if subject.pos_ == "PRON" or word in _PERSONAL | _PLURAL | _NEUTER:
            if word in _PERSONAL:
                person = self._personal(subject, offset)
                return (person,) if person else None
            if word in _PLURAL:
                return self.plural
            if word in _NEUTER:
                return (self.neuter,) if self.neuter else None
            if word in ("i", "we", "me", "us") and self.speaker:
                return self.speaker
            if word == "you" and self.addressee:
                return self.addressee
            return None
        if word in _PAIR or (subject.lemma_ in _PAIR and any(c.lower_ == "the" for c in subject.children)):
            return self.pair
        if subject.pos_ == "PROPN" and subject.lemma_.lower() in self.knowledge.document_nouns:
            named = self.name(subject, offset)
            if named:
                return named  # "The Post has learned": a newspaper, not a post
        if subject.lemma_.lower() in self.knowledge.document_nouns and any(
            c.lower_ in ("the", "this", "that", "its", "his", "her", "their") for c in subject.children
        ):  # "The message reads": whoever sent the message
            return self.issued.get(subject.lemma_.lower()) or (
                next(reversed(self.issued.values())) if self.issued else None
            )
        counted = any(c.dep_ in ("nummod", "det", "predet") and c.lower_ in _PAIR for c in subject.children)
        named = self.table.at(offset + subject.idx, offset + subject.idx + len(subject.text)) is not None
        if subject.tag_ == "NNS" and counted and not named:
            return self.pair  # "the two leaders", "both sides"
        joint = subject.tag_ in ("NNS", "NNPS") and (
            subject.lemma_.lower() in self.knowledge.joint_subjects
            or subject.lower_ in self.knowledge.joint_subjects
            or subject.lower_.removesuffix("s") in self.knowledge.joint_subjects  # "Ministers" as a proper noun
        )
        group = self.pair or (self.plural if self.plural and len(self.plural) >= 2 else None)
        if joint and not named and group and [c.lower_ for c in subject.children] == ["the"]:
            return group  # "The parties reaffirmed ...", "The Presidents agreed ...", "The Ministers noted ..."
        return self.name(subject, offset)

    def _personal(self, pronoun: Token, offset: int) -> str | None:
        """He or she: a person named as the subject of a clause that governs the pronoun, earlier in
        the same sentence ("Marin said, where she met ...", "Roe said she ..."); else the last person a
        main clause named; never one the text already called by the other pronoun."""
        gender = "f" if pronoun.lower_ in ("she", "her", "hers", "herself") else "m"
        for key in (*self._binders(pronoun, offset), *self.people):
            if key == _UNKNOWN:
                return None  # the last person named is one the text never identifies
            if self.genders.get(key, gender) == gender:
                self.genders[key] = gender
                return key
        return None

    def _binders(self, pronoun: Token, offset: int) -> list[str]:
        found = []
        head = pronoun.head
        for _ in range(8):
            if head.head.i == head.i:
                break
            head = head.head
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i < pronoun.i and child.pos_ == "PROPN":
                    keys = self.name(child, offset)
                    if keys and len(keys) == 1 and self.table.entities[keys[0]].kind == "person":
                        found.append(keys[0])
        return found

    def name(self, head: Token, offset: int) -> tuple[str, ...] | None:
        keys = self._entities_of(head, offset)
        if keys is None:
            return None
        for conj in head.conjuncts:
            more = self.resolve(conj, offset) if conj.pos_ == "PRON" else self._entities_of(conj, offset)
            if more:
                keys = keys + tuple(k for k in more if k not in keys)
        return keys

    def _titled_of(self, title: Token, offset: int) -> tuple[str, ...] | None:
        """ "Governor of Kaluga Region Vladislav Shapsha": the parser hangs the name on "of"."""
        for prep in (c for c in title.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"):
                start = offset + pobj.idx
                key = self.table.at(start, start + len(pobj.text))
                if key is not None and self.table.entities[key].kind == "person":
                    return (key,)
            if title.tag_ in ("NNS", "NNPS") or title.lower_ != title.lemma_.lower():  # "the Foreign Ministers of
                bodies = [  # Estonia, Latvia and Lithuania" (the parser may join the last two to the title)
                    k
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                    for t in (pobj, *pobj.conjuncts, *title.conjuncts)
                    if (k := self.table.at(offset + t.idx, offset + t.idx + len(t.text))) is not None
                    and self.table.entities[k].kind in ("country", "organisation")
                ]
                if len(bodies) >= 2:
                    return tuple(dict.fromkeys(bodies))
        return None

    def _entities_of(self, head: Token, offset: int) -> tuple[str, ...] | None:
        start = offset + head.idx
        key = self.table.at(start, start + len(head.text))
        if key is not None:
            return self._actor(key)
        lemma = head.lemma_.lower()
        if head.lower_ in self.title_words or lemma in self.knowledge.group_nouns or head.pos_ == "NOUN":
            named = [a for a in head.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
            for appos in named:  # "The party's state chairman, Jane Roe, said"
                keys = self.name(appos, offset)
                if keys:
                    return keys
        if head.lower_ in self.title_words:
            return self._titled_of(head, offset)
        if lemma in self.knowledge.non_actors or head.lower_ in self.knowledge.non_actors:
            return NOBODY
        examples = _examples(head)
        if examples:
            found: tuple[str, ...] = ()
            for example in examples:
                more = self.name(example, offset) or ()
                found += tuple(k for k in more if k not in found)
            if found:
                return found
        if lemma in self.knowledge.group_nouns or head.lower_ in self.knowledge.group_nouns:
            for child in head.subtree:
                if child.i == head.i:
                    continue
                inner = offset + child.idx
                inner_key = self.table.at(inner, inner + len(child.text))
                if inner_key is not None:
                    actor = self._actor(inner_key)
                    if actor:
                        return actor
            return NOBODY
        if head.tag_ == "NNS":
            return NOBODY  # "several NATO member states": a group, not the body named inside it
        keys = [
            k
            for k in self.table.within(
                offset + head.left_edge.idx, offset + head.right_edge.idx + len(head.right_edge.text)
            )
        ]
        actors = [a for k in keys for a in (self._actor(k) or ())]
        return tuple(dict.fromkeys(actors)) if len(actors) == 1 else None

    def _actor(self, key: str) -> tuple[str, ...] | None:
        """An actor's key; a capital city speaks for its country ("Moscow said")."""
        entity = self.table.entities[key]
        if entity.kind in _ACTORS:
            return (key,)
        country = self.knowledge.capital_of.get(fold(entity.name))
        if country is None:
            return None
        return (self.table.ensure("country", country).key,)

    def walk(self, parsed: Parsed) -> Iterator[tuple[Sentence, int, Block]]:
        """Sentences in reading order (with their block's offset), the discourse kept up to date:
        a headline naming a person makes them the "I" of the item below it."""
        headline: tuple[str, ...] | None = None
        for sentence in parsed.sentences:
            block = parsed.blocks[sentence.block]
            if block.kind == "label":
                continue
            if block.kind == "heading":
                headline = self._headline_person(sentence.span, block.start) or headline
            voice = self.voices.of(sentence.block)
            self.speaker = voice if voice is not None else headline
            self.addressee = self.voices.addressees.get(sentence.block)
            yield sentence, block.start, block
            self.observe_sentence(sentence.span, block.start)

    def _headline_person(self, sentence: Span, offset: int) -> tuple[str, ...] | None:
        for token in sentence:
            if token.dep_ == "nsubj":
                keys = self.resolve(token, offset)
                if keys and all(self.table.entities[k].kind == "person" for k in keys):
                    return keys
        return None

    def observe_sentence(self, sentence: Span, offset: int) -> None:
        """Remember the subjects of a sentence's main clauses (not those of embedded ones), who
        issued a text it mentions, and the person an "according to" names."""
        for token in sentence:
            if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
                source = next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
                if source is not None and source.pos_ == "PROPN":
                    keys = self.name(source, offset)
                    if keys and len(keys) == 1:
                        self.observe(source, keys)
            if token.lemma_.lower() in self.knowledge.issue_verbs and token.pos_ == "VERB":
                texts = [
                    c
                    for c in token.children
                    if c.dep_ in ("dobj", "obj") and c.lemma_.lower() in self.knowledge.document_nouns
                ]
                issuer = subject_of(token)
                keys = self.resolve(issuer, offset) if issuer is not None else None
                for text in texts:
                    if keys:
                        self.issued[text.lemma_.lower()] = keys
            head = token.head
            main = head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT")
            if token.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and main:
                keys = self.resolve(token, offset)
                self.observe(token, keys, offset)
                partner = self._partner(head, offset)
                if keys and len(keys) == 1 and partner and partner != keys[0]:
                    self.pair = (keys[0], partner)  # "X met Y. The two ..."

    def _partner(self, verb: Token, offset: int) -> str | None:
        """The one actor a verb's object or with-phrase names, if any."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        objects += [
            p
            for c in verb.children
            if c.dep_ == "prep" and (c.lower_ == "with" or (c.lower_ == "to" and verb.lemma_ in ("speak", "talk")))
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for obj in objects:
            keys = self.name(obj, offset)
            if keys and len(keys) == 1 and self.table.entities[keys[0]].kind in _ACTORS:
                return keys[0]
        return None

    def observe(self, subject: Token | None, keys: tuple[str, ...] | None, offset: int = 0) -> None:
        """Remember a sentence subject for later pronouns; a person named only by an office the text
        never resolves ("the Secretary-General") blocks "he" from reaching back past them."""
        if subject is not None and keys is None and subject.tag_ == "NNP" and self._unresolved_role(subject, offset):
            self.person = None
            self.people = [_UNKNOWN, *(k for k in self.people if k != _UNKNOWN)]
            return
        if subject is None or keys is None or subject.pos_ == "PRON":
            return
        if len(keys) != 1 or subject.tag_ in ("NNS", "NNPS"):
            self.plural = keys
            if len(keys) == 2:
                self.pair = keys
        if len(keys) == 1:
            if self.table.entities[keys[0]].kind == "person":
                self.person = keys[0]
                self.people = [keys[0], *(k for k in self.people if k != keys[0])]
            else:
                self.neuter = keys[0]

    def _unresolved_role(self, subject: Token, offset: int) -> bool:
        position = offset + subject.idx
        return self.table.at(position, position + len(subject.text)) is None and any(
            role.start <= position < role.end for role in self.table.roles
        )


def _examples(head: Token) -> list[Token]:
    """Members a group subject lists: "the leadership, such as A and B"; appositions."""
    out = []
    for child in head.children:
        if child.dep_ == "appos":
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("as", "like", "including"):
            out.extend(t for t in child.children if t.dep_ == "pobj")
    return out
