"""Who acts and where, read from the dependency parse of the statistical mode.

The words next to an event word say less than its place in the sentence: the subject of
"Belgrade reduces its presence" acts, not the speaker named before it; "it" in "the
government announced it was sending troops" is the government; the object of "blamed
Beijing for amassing troops" is the one amassing; "disengage at the valley" places the
valley whatever "to" stands before the verb; "the shootout in the village of Banjska"
happened in Banjska, not in the country naming the village; "an attack by armed men" is
done by the men; "sending troops to bolster KFOR" sends them to KFOR; "ten days after the
May 3 raid on the depot" refers to an event of its own. Without a parse (the fast
mode) the adjacency rules of events.py stand alone.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitrep.extract.clauses import MentionIndex
from sitrep.lang import LanguagePack
from sitrep.model import Mention

ACTOR_KINDS = {"person", "organisation", "state", "unit"}
PLACE_KINDS = {"place", "state"}
SUBJECT_DEP_KINDS = {"nsubj", "nsubjpass"}
# a verb joined to another by these shares its subject: "trained and armed", "decided to go"
SHARED_SUBJECT_DEP_KINDS = {"conj", "xcomp"}
# "announced it was sending": a pronoun subject of a reported or adverbial clause is the
# subject of the verb that governs it
GOVERNED_CLAUSE_DEP_KINDS = {"ccomp", "advcl"}
# words in front of a noun that may name its owner, surest first: "Serbia's army", "the
# Romanian government", "U.S. forces"
OWNER_DEP_KINDS = ("poss", "amod", "compound", "nmod")
# a noun's subordinate clauses: a place inside one is not the noun's place
CLAUSE_DEP_KINDS = {"relcl", "acl", "advcl", "ccomp"}
OBJECT_DEP_KINDS = {"dobj", "attr"}
PURPOSE_DEP_KINDS = {"advcl", "xcomp"}  # "sent troops to bolster KFOR"
MOVE_ROLE_CODES = {"origin", "destination"}
BOUND = "bound"  # the role of a place after a ``bound_prepositions`` word, until the event's kind decides
RELATIVE_TAG_KINDS = {"WDT", "WP"}
PHRASE_DEPTH = 3  # "bases close to the LAC": bases > close > to > LAC
SUBJECT_CLIMB = 4  # verbs climbed through shared subjects ("decided to start to withdraw")


class ParseRoles:
    """The actor and the places of an event word from the parse of one document."""

    def __init__(self, doc: Doc, index: MentionIndex, lang: LanguagePack, demonym,
                 prepositions: dict[str, str], place_verbs: dict[str, str]):
        self.doc = doc
        self.index = index
        self.demonym = demonym  # adjective -> the state's place, or None
        self.plural = lang.word("plural_endings")
        self.genitive = lang.words("genitive")
        self.collective = lang.words("collective_parties")
        self.prepositions = prepositions
        self.bound = lang.words("bound_prepositions")
        self.sequence = lang.words("sequence_prepositions")
        self.agent_words = lang.words("agent_prepositions")
        self.reinforcing = lang.words("reinforcing_verbs")
        self.place_verbs = place_verbs  # "arrived": the place it governs is the destination
        self.mention_at: dict[int, Mention] = {}  # the shortest mention over each token
        for start, end, mention in sorted(index.items, key=lambda item: item[0] - item[1]):
            for i in range(start, end):
                self.mention_at[i] = mention

    @staticmethod
    def available(doc: Doc) -> bool:
        return doc.has_annotation("DEP")

    def actor(self, trigger: int) -> str | None:
        """The party the subject of the event word names, or None where the parse names
        none (forces of no named owner, no subject): the adjacency rules decide then."""
        found = self._subject(self.doc[trigger])
        if found is None:
            return None
        subject, verb = found
        if subject.pos_ == "PRON" and verb.dep_ in GOVERNED_CLAUSE_DEP_KINDS:
            found = self._subject(verb.head)
            subject = found[0] if found else subject
        return None if subject.pos_ == "PRON" else self._party(subject)

    def noun(self, i: int) -> bool:
        """Whether the parse reads a word as a noun ("the May 3 raid")."""
        return self.doc[i].pos_ == "NOUN"

    def apart(self, trigger: int, chosen: int) -> bool:
        """Whether an event word names an event of its own beside the clause's ``chosen`` one:
        an event noun with a date of its own after a preposition of sequence ("sent troops
        after the May 3 raid on the depot"): an earlier event the sentence refers to."""
        word, other = self.doc[trigger], self.doc[chosen]
        return any(self._dated_earlier(a) and b not in a.subtree
                   for a, b in ((word, other), (other, word)))

    def _dated_earlier(self, word: Token) -> bool:
        if word.dep_ != "pobj" or word.head.lower_ not in self.sequence:
            return False
        subtree = list(word.subtree)
        first, last = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
        return any(first <= time.start < last for time in self.doc._.times)

    def _subject(self, verb: Token) -> tuple[Token, Token] | None:
        """The subject of a verb, found through the verbs it shares one with, the
        antecedent of a relative pronoun, and the doer of a gerund after a preposition
        ("of the army dismantling", "blamed Beijing for amassing"); with the verb whose
        subject it is."""
        for _ in range(SUBJECT_CLIMB):
            agents = [g for c in verb.children if c.dep_ == "agent" or (
                c.dep_ == "prep" and verb.pos_ == "NOUN" and c.lower_ in self.agent_words)
                for g in c.children if g.dep_ == "pobj"]  # "attacked by X", "an attack by X"
            subjects = agents or [c for c in verb.children if c.dep_ in SUBJECT_DEP_KINDS]
            if subjects:
                subject = subjects[0]
                if subject.tag_ in RELATIVE_TAG_KINDS and verb.dep_ == "relcl":
                    return verb.head, verb
                return subject, verb
            if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
                doers = ([c for c in verb.head.children if c.dep_ == "pobj"]
                         or [c for c in verb.head.head.children if c.dep_ == "dobj"])
                return (doers[0], verb) if doers else None
            if verb.dep_ not in SHARED_SUBJECT_DEP_KINDS or verb.head is verb:
                return None
            verb = verb.head
        return None

    def _party(self, noun: Token) -> str | None:
        """The party a subject noun names ("Belgrade", "the Chinese", "the Indians") or,
        for a body or forces, the state that owns it ("Serbia's Defence Ministry", "the
        Romanian government", "Serbian troops"): a state's side is known. "Both sides"
        stays as written: it names no one party."""
        named = self._party_at(noun)
        if named is not None and named[1] != "organisation":
            return named[0]
        owners = sorted((c for c in noun.children if c.dep_ in OWNER_DEP_KINDS),
                        key=lambda c: OWNER_DEP_KINDS.index(c.dep_))
        for owner in owners:
            owned_by = self._party_at(owner)
            if owned_by is not None and owned_by[1] != "organisation":
                return owned_by[0]
        if named is not None:
            return named[0]
        phrase = self.doc[noun.left_edge.i:noun.i + 1].text
        return phrase if phrase.lower() in self.collective else None  # "both sides"

    def _party_at(self, token: Token) -> tuple[str, str] | None:
        """(name, kind) of the party a token names by a mention or a demonym."""
        mention = self.mention_at.get(token.i)
        if mention is not None and mention.kind in ACTOR_KINDS:
            return self.index.entity(mention).name, mention.kind
        if mention is not None and mention.kind in PLACE_KINDS:
            return self._name(mention), mention.kind
        word = token.text
        if not (word[:1].isupper() and word.isalpha()):
            return None
        place = self.demonym(word)
        if place is None and word.endswith(self.plural):
            place = self.demonym(word[:-len(self.plural)])
        return (place.name, "state") if place is not None else None

    def places(self, trigger: int, moving: bool, clause: range) -> list[tuple[str, str]]:
        """(role, place) for the prepositions that hang off the event word, its objects
        and what they are of ("the relocation of troops along the border", "a contingent
        of troops along the LAC"); the role is the preposition's (``place_prepositions.tsv``)
        or the verb's ("arrived in", "vacating the areas in"). Where a thing that
        ``moving`` moves was placed by a relative clause ("guns that were deployed at X")
        is where it moves from. Only prepositions inside the event word's ``clause`` count,
        or in the relative clause of a thing it acts on: "moved to the Klintsy area - right
        on the border with Ukraine" does not move to the border."""
        head = self.doc[trigger]
        verb_role = self.place_verbs.get(head.lower_)
        holders = [(head, verb_role), *((owned, None) for owned in self._owned(head))]
        for child in head.children:
            if child.dep_ in OBJECT_DEP_KINDS:
                for thing in [child, *child.conjuncts]:
                    holders += [(thing, verb_role), *((o, None) for o in self._owned(thing))]
                holders += [(c, "origin" if moving else None) for c in child.children
                            if c.dep_ == "relcl"]
        found = [("destination", place) for place in self._reinforced(head)] if moving else []
        for holder, holder_role in holders:
            # after the event word first: "In view of the build-up, NATO sent troops to X"
            for prep in sorted(holder.children, key=lambda c: (c.i < head.i, c.i)):
                inside = prep.i in clause or holder.dep_ == "relcl"
                role = self._role(prep) if prep.dep_ == "prep" and inside else None
                if role == "location" and holder_role in MOVE_ROLE_CODES:
                    role = holder_role
                if role == BOUND:
                    role = "destination" if moving else None
                if role is not None:
                    found += [(role, place) for pobj in prep.children if pobj.dep_ == "pobj"
                              for place in self._places_of(pobj)]
        return found

    def _reinforced(self, verb: Token) -> list[str]:
        """What forces are sent to strengthen: "sending 100 troops to bolster the garrison at
        Goris" goes to Goris, "to reinforce KFOR" to KFOR."""
        found = []
        for purpose in (c for c in verb.children if c.dep_ in PURPOSE_DEP_KINDS
                        and c.lemma_ in self.reinforcing):
            for thing in (c for c in purpose.children if c.dep_ in OBJECT_DEP_KINDS):
                mention = self.mention_at.get(thing.i)
                named = (self.index.entity(mention).name if mention is not None
                         and mention.kind in ACTOR_KINDS else None)
                found += [place for place in [self._place_in(thing) or named] if place]
        return found

    def _owned(self, noun: Token) -> list[Token]:
        """What a noun is of: "the relocation of troops", "a contingent of troops"."""
        return [g for c in noun.children if c.dep_ == "prep" and c.lower_ in self.genitive
                for g in c.children if g.dep_ == "pobj"]

    def _role(self, prep: Token) -> str | None:
        pair = f"{self.doc[prep.i - 1].lower_} {prep.lower_}" if prep.i else ""
        role = self.prepositions.get(pair) or self.prepositions.get(prep.lower_) or (
            BOUND if prep.lower_ in self.bound else None)
        return None if role == "distance" else role

    def _places_of(self, pobj: Token) -> list[str]:
        """The place a prepositional object names, most specific first ("the village of
        Banjska" before "Kosovo" in "the Kosovo village of Banjska"), then the places
        joined to it ("between Finger 8 and Finger 4")."""
        places = []
        for noun in [pobj, *pobj.conjuncts]:
            place = self._place_in(noun)
            if place is not None and place not in places:
                places.append(place)
        return places

    def _place_in(self, noun: Token) -> str | None:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in self.genitive:
                for owner in (c for c in prep.children if c.dep_ == "pobj"):
                    place = self._place_in(owner)
                    if place is not None:
                        return place
        for token in self._phrase(noun):
            mention = self.mention_at.get(token.i)
            if mention is not None and mention.kind in PLACE_KINDS and (
                    mention.relation != "demonym"):  # "near the Ukrainian border": no place in it
                return self._name(mention)
        return None

    @staticmethod
    def _phrase(noun: Token) -> list[Token]:
        """The noun's own phrase in text order, without its subordinate clauses and no
        deeper than "bases close to the LAC"."""
        tokens, level = [], [noun]
        for _ in range(PHRASE_DEPTH + 1):
            tokens += level
            level = [c for t in level for c in t.children if c.dep_ not in CLAUSE_DEP_KINDS]
        return sorted(tokens, key=lambda t: t.i)

    def _name(self, mention: Mention) -> str:
        entity = self.index.entity(mention)
        return entity.name if entity.kind == "state" or mention.relation else mention.text
