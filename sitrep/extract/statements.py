"""Doc -> Statements: who said what, when, and what kind of saying it was.

Four ways a text attributes words to a source, tried sentence by sentence:

- an interview line that starts with the speaker's name ("Dimitri Trenin: ...");
- a reporting verb (``reporting_verbs.tsv``: "said", "called for", "according to")
  with its speaker before it ("Stoltenberg said", "Patrushev, head of ..., told")
  or after it ("said the minister");
- a noun that carries a statement (``statement_nouns.tsv``): "the statement by the
  Defense Ministry that ...", "Russia had sent a letter";
- a quotation with no speaker of its own, which continues the last statement.

A quote that opens in one sentence and closes in a later one makes one statement.
Speakers are resolved to entities: names, surnames, pronouns ("he said") and role
nouns ("the ministry", "the alliance"); never to a place. The kind comes from the
verb or noun where it says more than "said", else from cue words in the statement
(``statement_cues.tsv``), else from who speaks: a person's words are an assessment,
an institution's a claim. The date said is the nearest time expression, resolved
against publication; else the story's time for "later" or "at the time"; else the
publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from sitrep.lang import LanguagePack
from sitrep.extract.clauses import (ByPosition, MentionIndex, longest_matches, quote_open,
                                    sentence_tokens)
from sitrep.extract.signatures import signature
from sitrep.extract.tokens import Tokens
from sitrep.extract.vocab import load_countries
from sitrep.extract.timex import TimeMention, time_words
from sitrep.geo.borders import capital
from sitrep.model import DateValue, Document, Entity, Sentence, Statement
from sitrep.registry import vocabulary

SPEAKER_KINDS = ("person", "organisation", "state")
QUOTES = "\"“”„«»"
OPENING_QUOTES = "\"“„«"
BOUNDARIES = {";", ":", "–", "—", "(", ")"} | set(QUOTES)
CLAUSE_BREAKS = BOUNDARIES | {","}
QUOTE_REACH = 300  # characters from the last statement within which a bare quote continues it
JOINED_DEP_CODES = ("conj", "advcl", "xcomp")
SUBJECT_DEP_CODES = ("nsubj", "nsubjpass")
ANTECEDENT_REACH = 120  # tokens back within which "he" looks for the person it stands for  # spaCy's labels of a verb that shares a subject
# A reporting verb says something only with what it says: a clause ("said that ..."), a
# clause it stands beside ("..., he said") or a quotation; "Russia announced sanctions" or
# "Kyiv denied entry" reports no words.
CONTENT_DEP_CODES = ("ccomp", "parataxis", "xcomp", "acl")
# Kinds of reporting verb that say no more than the words said: these give way to what the
# words say (statement_content.tsv): "claimed that X illegally crossed" is an accusation.
OPEN_KINDS = (None, "claim", "assessment")
WH_TAG_CODES = ("WRB",)  # the tag of "how", "why", "when" opening the verb's own clause
NAME_LABEL_CODES = ("PERSON", "ORG", "GPE")  # the model's labels of a name that may speak
INTERVIEW_LABEL = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*:\s+\S")
NOT_SPACE = re.compile(r"\S")
TITLE_END = re.compile(r"[.!?,;:…]\W*$")  # words said end as a sentence; a bare title does not


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who speaks, where the reporting word stands, the kind it says, the index of the
    statement's last sentence, and where the predicate's own words are."""

    speaker: Speaker
    char: int
    kind: str | None
    last: int
    own: frozenset[int] | None = None  # characters where the predicate's own words start,
    # the words said left out (by the parse): a time there dates the saying


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    entity_id: str | None
    kind: str | None  # the entity's kind, None where only text named it
    role: str | None = None
    organisation: str | None = None


@dataclass(slots=True)
class _Reading:
    """One document as the finder goes through it: what it looks things up in, and what
    it carries from sentence to sentence."""

    doc: Doc
    tokens: Tokens
    document: Document
    sentences: list[Sentence]
    index: MentionIndex
    verbs: ByPosition  # reporting verbs by token
    nouns: ByPosition  # statement nouns by token
    times: ByPosition  # time expressions by character
    parsed: bool  # whether the Doc has a parse (asked once: each asking reads every token)
    statements: list[Statement] = field(default_factory=list)
    last_speaker: Speaker | None = None
    story_time: DateValue | None = None
    turn: tuple[Speaker, int] | None = None  # an interview turn's speaker and its end
    occasion: DateValue | None = None  # when the interview took place, as the text says


class Structure:
    """Attribution by the parse: the speaker is the subject of the outermost reporting
    predicate ("Moscow denies", "the ministry reiterated"), the agent of a passive one
    ("a claim rejected by Vucic"), the object of "quoted X as saying", or the owner of a
    statement noun ("Beijing's claim that ..."). A predicate inside another's clause or
    inside a quotation gives way, so a name inside the words said is not the speaker."""

    def __init__(self, lang: LanguagePack, pronouns: dict[str, str]):
        self.lang, self.pronouns = lang, pronouns
        self.noun_kinds = {form: None if kind == "-" else kind for form, kind, *_ in
                           (line.split("\t") for line in lang.lines("statement_nouns.tsv"))}
        nouns = lang.words("role_words") | lang.words("source_nouns")
        self.source_nouns = nouns | {lang.plural(noun) for noun in nouns}
        self.predicates = _predicates(lang)
        self.forces = frozenset(lang.lines("force_nouns.txt"))
        self.content_rows = [line.split("\t") for line in lang.lines("statement_content.tsv")]
        self.state_names = {dict(state.attributes)["country"]: state.name
                            for state in load_countries()}

    def attribution(self, tokens: Tokens, bounds, index: MentionIndex,
                    last_speaker: Speaker | None) -> list[tuple]:
        """(speaker, character of the predicate, kind) of each statement the parse reads:
        the outermost predicate whose source the text names, or the claim it reports of
        another named source ("Kirby said Blinken urged ..." is Blinken's), and each
        predicate beside it, in no other's words, with a named speaker of its own ("the US
        said ..., and NATO said ...")."""
        doc, found = tokens.doc, []
        quoted = _quoted_tokens(tokens, *bounds)
        for token in doc[bounds[0]:bounds[1]]:
            reported = self._predicate(token, bounds)
            if reported is None:
                continue
            kind, source = reported
            speaker = self._speaker(tokens, index, source, last_speaker) if source else None
            if source is not None and source.lower_ in self.noun_kinds:
                kind = kind or "claim"  # "the statement said": a body's text claims
            if speaker is not None:
                depth = sum(1 for a in token.ancestors if self._predicate(a, bounds))
                named = (source.pos_ != "PRON" and speaker.entity_id is not None
                         and _own_subject(token))
                found.append(((token.i in quoted, depth, token.i), speaker, token, kind, named))
        if not found:
            return []
        found.sort(key=lambda item: item[0])
        outer = found[0]
        others = [item for item in found[1:] if not item[0][0] and item[4]
                  and item[1].entity_id != outer[1].entity_id]
        inner = next((item for item in others if _nested(item[2], outer[2])), None)
        inner = inner if outer[3] is None else None  # "X urged ..." is X's, whatever it holds
        beside = [item for item in others if not _nested(item[2], outer[2])
                  and not any(_nested(item[2], other[2]) for other in others)]
        chosen = [inner or outer] + beside
        return [(speaker, predicate.idx, self._kind(predicate, kind), _own_words(predicate))
                for _, speaker, predicate, kind, _ in chosen]

    def _kind(self, predicate, kind: str | None) -> str | None:
        """The predicate's kind, or what its words say where it says no more than "said"."""
        return self._content_kind(predicate) or kind if kind in OPEN_KINDS else kind

    def _content_kind(self, predicate) -> str | None:
        """The kind the words said give (``statement_content.tsv``): the first row that
        fits a verb of the clause the predicate carries ("said that X did not intend to")."""
        verbs = [c for c in predicate.children if c.dep_ in CONTENT_DEP_CODES]
        if predicate.dep_ in ("ccomp", "parataxis") and predicate.head.pos_ in ("VERB", "AUX"):
            verbs.append(predicate.head)  # "X did not intend to, he said"
        verbs += [c for v in verbs for c in v.children if c.dep_ == "conj"]
        for word, kind, how in self.content_rows:
            if any(_fits(verb, word, how, self.lang, self.forces) for verb in verbs):
                return kind
        return None

    def _predicate(self, token, bounds):
        """(kind, source token) where the token reports a statement, else None."""
        if token.pos_ == "NOUN" and token.lower_ in self.noun_kinds:
            owner = [c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            if not owner or not _says_something(token, bounds):
                return None  # "Baker's statement was perceived as ...": no words of Baker's
            return self.noun_kinds[token.lower_], owner[0]
        entries = self.predicates.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
        if not entries:
            return None
        doc = token.doc
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        entry = next((e for e in entries if e[0] == after), None) or next(
            (e for e in entries if e[0] is None), None)
        if entry is None:
            return None
        _, kind, flags = entry
        if any(c.dep_ == "aux" and c.lower_ in self.lang.words("unreal_modals")
               for c in token.children):
            return None  # "Russia could threaten": a possibility, not a saying
        if _conditional(token, self.lang.words("conditional_marks")):
            return None  # "If ..., it will demand respect": imagined, not said
        if any(c.tag_ in WH_TAG_CODES for c in token.children):
            return None  # "how the president assesses what happens": a manner, not a saying
        if "quote" in flags and (not any(t.text in QUOTES for t in doc[token.i:bounds[1]]) or any(
                c.dep_ == "xcomp" and c.pos_ == "VERB" for c in token.children)):
            return None  # "called X 'reckless'" says; "called X to urge ..." is a call made
        if "speaker_after" in flags:  # "according to the minister, ..."
            objects = [c for t in token.children if t.i == token.i + 1
                       for c in t.children if c.dep_ == "pobj"]
            return (kind, objects[0]) if objects else None
        if "object" in flags:
            objects = [c for c in token.children if c.dep_ == "dobj"]
            return (kind, objects[0]) if objects else None
        if (kind is None or "clause" in flags) and not _says_something(token, bounds):
            return None  # "Russia announced sanctions"; "Moscow denies the report" is a denial
        return kind, _subject(token)

    def _speaker(self, tokens, index, source, last_speaker) -> Speaker | None:
        """The speaker a source token names: the entity it stands in (a capital for its
        state), the antecedent of a pronoun, what a role noun points back to, a person named
        after it, else the words themselves where they name a source ("military sources",
        "a senior US official": a role, kept with its country, not the country)."""
        left = source.left_edge.i
        for m_start, m_end, mention in index.within(left, source.i + 1):
            if m_start <= source.i < m_end:
                return self._named(index, mention)
        if source.lower_ in self.pronouns:
            kind = self.pronouns[source.lower_]
            return ((_subject_antecedent(tokens, index, source) if kind == "person" else None)
                    or StatementFinder._antecedent(index, source.idx, kind, last_speaker))
        for i in (source.i - 1, source.i):
            entity = index.role_noun_at(tokens, i, set(SPEAKER_KINDS)) if i > left else None
            if entity is not None:
                return _speaker(entity)
        people = [m for _, _, m in index.within(source.i + 1, source.right_edge.i + 1)
                  if m.kind == "person"]
        if people:  # "the spokesperson of the ministry, Zhao Lijian," (not "a Biden aide")
            return _speaker(index.entity(people[0]))
        definite = tokens.lower[left] == self.lang.word("definite_article") and left + 1 == source.i
        if definite and last_speaker is not None and (
                source.lower_ in self.noun_kinds or last_speaker.kind == "person"
                and source.lower_ in self.lang.words("role_words")):
            return last_speaker  # "The spokesman insisted", "the statement said": the last source
        if source.lower_ in self.source_nouns or (
                source.ent_type_ in NAME_LABEL_CODES and not index.within(left, source.i + 1)):
            return self._unnamed(tokens, index, source)
        return None

    def _named(self, index: MentionIndex, mention) -> Speaker | None:
        """A speaker entity's speaker; a capital speaks for its state; other places never speak."""
        entity = index.entity(mention)
        if entity.kind in SPEAKER_KINDS and mention.relation != "demonym":
            return _speaker(entity)
        country = entity.attributes.get("country") if entity.kind == "place" else None
        known = capital(country) if country else None
        if known is None or known[0].lower() != entity.name.lower():
            return None
        states = [e for e in index.entities.values()
                  if e.kind == "state" and e.attributes.get("country") == country]
        return _speaker(states[0]) if states else Speaker(self.state_names.get(
            country, entity.name), None, "state")

    def _unnamed(self, tokens, index, source) -> Speaker:
        """A source the text describes but does not name: its words up to the head, its
        role the head noun, its organisation the body or state named in them."""
        articles = self.lang.words("articles")
        start = source.left_edge.i
        while start < source.i and tokens.lower[start] in articles:
            start += 1
        inside = [index.entity(m) for _, _, m in index.within(start, source.i)
                  if m.kind in ("organisation", "state")]
        role = tokens.lower[source.i] if source.pos_ == "NOUN" else None
        return Speaker(tokens.span(start, source.i + 1), None, None, role,
                       inside[0].name if inside else None)


def _fits(verb, word: str, how: str, lang: LanguagePack, forces: frozenset[str]) -> bool:
    """Whether a verb of the words said stands as a row of ``statement_content.tsv`` says."""
    children = list(verb.children)
    if how == "verb":
        return verb.lemma_.lower() == word
    if how == "negated_verb":
        return verb.lemma_.lower() == word and any(c.dep_ == "neg" for c in children)
    if how == "modifier":
        return any(c.dep_ == "advmod" and c.lower_ == word for c in children)
    auxiliary = any(c.dep_ == "aux" and c.lemma_.lower() == word for c in children)
    if not auxiliary or not any(_party(c, forces) for c in children if c.dep_ == "nsubj"):
        return False  # "an invasion will be a violation": no party undertakes it
    conditional = _conditional(verb, lang.words("conditional_marks"))
    return conditional == (how == "conditional_auxiliary")


def _party(subject, forces: frozenset[str]) -> bool:
    """Whether a subject names one who can act: a pronoun, a name, or forces ("the troops")."""
    return subject.pos_ in ("PRON", "PROPN") or subject.lower_ in forces


def _predicates(lang: LanguagePack) -> dict[str, list[tuple[str | None, str | None, set[str]]]]:
    """Lemma -> [(the word after it or None, kind, flags)] from the "lemma" rows of
    ``reporting_verbs.tsv``."""
    table = {}
    for line in lang.lines("reporting_verbs.tsv"):
        form, kind, *flags = line.split("\t")
        if "lemma" in flags:
            lemma, *after = form.split()
            table.setdefault(lemma, []).append(
                (after[0] if after else None, None if kind == "-" else kind, set(flags)))
    return table


def _nested(token, outer) -> bool:
    """Whether a predicate stands in the words another reports ("Kirby said Blinken urged"),
    not beside it by "and" ("Guyana said ..., and Venezuela said ...")."""
    while token.head.i != token.i:
        if token.head.i == outer.i:
            return token.dep_ != "conj"
        token = token.head
    return False


def _own_words(predicate) -> frozenset[int]:
    """Where the words of a reporting predicate's own clause start, the words said left
    out: "said on Monday that ... in May" is dated Monday, not May; "according to X,
    last year ..." is not dated last year."""
    said = {t.i for c in predicate.children if c.dep_ in CONTENT_DEP_CODES for t in c.subtree}
    return frozenset(t.idx for t in predicate.subtree if t.i not in said)


def _own_subject(verb) -> bool:
    """Whether a predicate names its source itself ("NATO said"; "X called Y to urge"), not
    through a verb it is joined to ("the army had not moved and, reported AP, ...")."""
    return verb.dep_ in ("xcomp", "advcl") or any(
        c.dep_ in SUBJECT_DEP_CODES + ("agent",) for c in verb.children)


def _subject_antecedent(tokens: Tokens, index: MentionIndex, pronoun) -> Speaker | None:
    """"He" after a sentence whose subject is the last person named is that person, not the
    last who spoke ("X spoke in Brussels. He pointed out ..." is X's)."""
    before = [(end, m) for _, end, m in index.within(max(0, pronoun.i - ANTECEDENT_REACH),
                                                     pronoun.i) if m.kind == "person"]
    if not before:
        return None
    end, mention = before[-1]
    is_subject = tokens.doc[end - 1].dep_ in SUBJECT_DEP_CODES
    return _speaker(index.entity(mention)) if is_subject else None


def _conditional(verb, marks) -> bool:
    """Whether the verb, or a verb it belongs to, stands under a condition ("if ...")."""
    return any(child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks
                                              for g in child.children)
               for head in (verb, *verb.ancestors) for child in head.children)


def _says_something(verb, bounds) -> bool:
    """Whether a reporting verb carries words: a clause under it or beside it, or a quotation."""
    return (any(c.dep_ in CONTENT_DEP_CODES for c in verb.children)
            or verb.dep_ in CONTENT_DEP_CODES
            or any(t.text in QUOTES for t in verb.doc[bounds[0]:bounds[1]]))


def _subject(verb):
    """The token that says a verb's words: its agent after "by" when passive (None for a
    passive without one: "is said to"), else its subject, else the subject of the verb
    it is joined to ("denied ... and accused", "..., calling on")."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
        if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:  # the nearest: "Lavrov: Shoigu told us" is Shoigu's
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ not in JOINED_DEP_CODES or verb.head is verb:
            return None
        verb = verb.head
    return None


def _quoted_tokens(tokens: Tokens, start: int, end: int) -> set[int]:
    """The tokens in [start, end) that stand inside a quotation."""
    inside, quoted = False, set()
    for i in range(start, end):
        if tokens.text[i] in QUOTES:  # a straight quote toggles; a curly one opens or closes
            inside = not inside if tokens.text[i] == '"' else tokens.text[i] in OPENING_QUOTES
            continue
        if inside:
            quoted.add(i)
    return quoted


class StatementFinder:
    def __init__(self, nlp: Language, lang: LanguagePack):
        self.lang = lang
        self.verb_matcher, self.verb_kinds, self.flags = self._kinds(nlp, "reporting_verbs.tsv")
        self.noun_matcher, self.noun_kinds, _ = self._kinds(nlp, "statement_nouns.tsv")
        self.issuing_verbs = set(lang.lines("issuing_verbs.txt"))
        self.occasion_words = set(lang.lines("occasion_words.txt"))
        self.pronouns = (dict.fromkeys(lang.word_list("person_pronouns"), "person")
                         | dict.fromkeys(lang.word_list("group_pronouns"), "group"))
        self.structure = Structure(lang, self.pronouns)
        self.numbers = {word: int(n) for word, n in time_words(lang)["number"].items()}
        self.unit_days = _unit_days(lang)
        self.later = _later_pattern(lang, self.numbers, self.unit_days)
        cues = [line.split("\t") for line in lang.lines("statement_cues.tsv")]
        self.cue_rank = {cue: (rank, kind) for rank, (cue, kind) in enumerate(cues)}
        self.cue_pattern = re.compile(r"(?<![a-z'])(" + "|".join(
            re.escape(cue) for cue, _ in sorted(cues, key=lambda c: -len(c[0]))) + r")(?![a-z'])")

    def _kinds(self, nlp: Language, name: str):
        """A matcher for a file's forms, the kind of each, and each form's flags ("quote":
        it needs a quotation after it; "speaker_after": its speaker follows it)."""
        matcher, kinds, flagged = PhraseMatcher(nlp.vocab, attr="LOWER"), {}, {}
        for line in self.lang.lines(name):
            form, kind, *flags = line.split("\t")
            if "lemma" in flags:
                continue  # read by the parse (Structure), not matched as a word form
            kinds[form] = None if kind == "-" else kind
            flagged[form] = set(flags)
            matcher.add(form, [nlp.make_doc(form)])
        return matcher, kinds, flagged

    def __call__(self, doc: Doc) -> Doc:
        """The component: ``doc._.statements``, the document's statements in text order."""
        tokens = doc._.tokens
        reading = _Reading(doc, tokens, doc._.document, doc._.sentences,
                           MentionIndex(tokens, doc._.mentions, doc._.entities, self.lang),
                           ByPosition(longest_matches(self.verb_matcher, doc), lambda m: m[0]),
                           ByPosition(longest_matches(self.noun_matcher, doc), lambda m: m[0]),
                           ByPosition(doc._.times, lambda t: t.start),
                           doc.has_annotation("DEP"))
        i = 0
        while i < len(reading.sentences):
            i = self._read_sentence(reading, i) + 1
        doc._.statements = reading.statements
        return doc

    def _read_sentence(self, reading: _Reading, i: int) -> int:
        """The statement sentence i starts, if any; returns the index of its last sentence."""
        doc, tokens, index = reading.doc, reading.tokens, reading.index
        sentence = reading.sentences[i]
        last = _quote_end(reading.sentences, i)
        bounds = sentence_tokens(doc, sentence)
        if bounds is not None and last > i:  # a quote over several sentences: its verb
            last_bounds = sentence_tokens(doc, reading.sentences[last])  # may stand in the last
            bounds = (bounds[0], last_bounds[1]) if last_bounds else bounds
        signed = self._signed(reading, i)
        if signed is not None:  # a signed paragraph is one statement of the signer's
            self._add(reading, sentence, bounds, signed, [], by_turn=True)
            return signed.last
        turn = self._interview_turn(tokens, reading.document, sentence, index) or reading.turn
        reading.turn = turn
        in_turn = turn is not None and sentence.start < turn[1]
        sentence_times = reading.times.within(sentence.start, sentence.end)
        if turn is None and bounds is not None and sentence_times:
            reading.occasion = self._occasion(tokens.lower[bounds[0]:bounds[1]],
                                              sentence_times) or reading.occasion
        found, by_turn = [], False
        if bounds is not None and not sentence.text.rstrip().endswith("?"):
            found = self._reported(tokens, bounds, reading.verbs.within(*bounds),
                                   reading.nouns.within(*bounds), index, reading.last_speaker,
                                   last, parse=reading.parsed and not in_turn)
            if not found and in_turn:
                found, by_turn = [Attribution(turn[0], sentence.start, None, last)], True
            continued = self._continued_quote(sentence, reading.last_speaker,
                                              reading.statements, last)
            found = found or ([continued] if continued else [])
        for attribution in found:
            self._add(reading, sentence, bounds, attribution, sentence_times, by_turn)
            last = attribution.last
        reading.story_time = _story_time(sentence_times, reading.story_time)
        return last

    def _add(self, reading: _Reading, sentence: Sentence, bounds: tuple[int, int],
             found: Attribution, sentence_times: list[TimeMention], by_turn: bool) -> None:
        """The statement found in the sentences from ``sentence`` to ``found.last``, and one
        more per further verb the speaker says it with."""
        document, tokens, speaker = reading.document, reading.tokens, found.speaker
        end_sentence = reading.sentences[found.last]
        text = document.text[sentence.start:end_sentence.end]
        statement = Statement(
            id=f"s{len(reading.statements) + 1}", doc_id=document.id, start=sentence.start,
            end=end_sentence.end, text=text, speaker=speaker.name,
            speaker_id=speaker.entity_id, speaker_role=speaker.role,
            speaker_org=speaker.organisation)
        kind = None if found.kind == "claim" and self._informant(speaker) else found.kind
        statement.kind = kind or self._cue_kind(text) or self._default_kind(speaker)
        if by_turn:  # the speaker's own words: the times in them are not when they were said
            statement.date = reading.occasion or _published(document)
        else:
            said_times = [t for t in sentence_times if found.own is None or t.start in found.own]
            statement.date = self._date(document, sentence, said_times, found.char,
                                        reading.story_time)
        quote = re.search(f"[{QUOTES}]([^{QUOTES}]{{3,}})[{QUOTES}]", text)
        statement.quote = quote.group(1) if quote else None
        statement.direct = quote is not None
        statement.about = _about(reading.index, tokens, sentence, end_sentence, speaker)
        statement.plover, statement.cameo = _codes(statement.kind)
        reading.statements.append(statement)
        for kind in self._coordinated(tokens, bounds, reading.verbs.within(*bounds), found):
            reading.statements.append(replace(
                statement, id=f"s{len(reading.statements) + 1}", kind=kind,
                plover=_codes(kind)[0], cameo=_codes(kind)[1]))
        reading.last_speaker = speaker

    def _interview_turn(self, tokens, document, sentence: Sentence,
                        index) -> tuple[Speaker, int] | None:
        """"Name: words ..." opening a line makes the line the named person's turn:
        (speaker, character where the line ends). A heading ("Yeltsin: a goal") is not.
        The line is found in the index of lines and searched only up to its first word: a
        document may be one line of a megabyte and thousands of sentences."""
        line_start, line_end = tokens.line(sentence.start)
        if NOT_SPACE.search(document.text, line_start, sentence.start):
            return None
        label = INTERVIEW_LABEL.match(sentence.text)
        if label is None:
            return None
        if document.text[sentence.start:line_end].rstrip()[-1:] not in ".!?\"”…":
            return None
        name_end = sentence.start + label.end(1)
        named = [m for _, _, m in index.within(bisect_left(tokens.start, sentence.start),
                                               bisect_left(tokens.start, name_end))
                 if m.kind in SPEAKER_KINDS]
        if named:
            return _speaker(index.entity(named[-1])), line_end
        words = label.group(1).lower().split()  # "YOON:" for General Yoon Tae-seok
        for entity in index.entities.values():
            name_words = entity.name.lower().replace("-", " ").split()
            if entity.kind == "person" and words[-1] in name_words:
                return _speaker(entity), line_end
        return None

    def _signed(self, reading: _Reading, i: int) -> Attribution | None:
        """Sentence i opens a paragraph signed after a dash ("... — Jane Doe, analyst"):
        its sentences before the dash are the signer's, a name or role the signature gives."""
        tokens = reading.tokens
        signed = signature(reading.document.text, tokens.line, reading.sentences, i)
        speaker = signed and self._speaker_in(tokens, bisect_left(tokens.start, signed[0]), bisect_left(
            tokens.start, signed[1]), reading.index, None, first=True)
        return Attribution(speaker, reading.sentences[i].start, None, signed[2]) if speaker else None

    def _coordinated(self, tokens: Tokens, bounds, verbs, found: Attribution) -> list[str]:
        """Kinds of further statements the same speaker makes in the sentence through
        verbs joined by "and" ("denied that ... and accused Armenian units of ...")."""
        kinds = []
        for v_start, _, form in verbs:
            kind = self.verb_kinds[form]
            if (bounds[0] < v_start < bounds[1] and tokens.start[v_start] > found.char
                    and kind and kind != found.kind and kind not in kinds
                    and self.lang.word("coordinator") in tokens.lower[max(v_start - 2, 0):v_start]):
                kinds.append(kind)
        return kinds

    def _reported(self, tokens: Tokens, bounds, verbs, nouns, index: MentionIndex,
                  last_speaker: Speaker | None, last: int, parse: bool) -> list[Attribution]:
        """The speaker the parse gives, where ``parse`` (the Doc has one, and this is not
        inside an interview answer, whose words are the interviewee's); else the sentence's first
        reporting verb or statement noun with a speaker next to it."""
        start, end = bounds
        if parse:
            found = self.structure.attribution(tokens, bounds, index, last_speaker)
            if found:
                return [Attribution(speaker, char, kind, last, own)
                        for speaker, char, kind, own in found]
        for v_start, v_end, form in verbs:
            if not start <= v_start < end:
                continue
            before = tokens.lower[v_start - 1] if v_start > start else ""
            if before == "-":
                continue  # "so-called"
            if "quote" in self.flags[form] and not any(
                    tokens.text[i] in QUOTES for i in range(v_end, end)):
                continue
            if v_end < end and tokens.lower[v_end] in self.lang.words("agent_prepositions"):
                speaker = self._speaker_after(tokens, v_end + 1, end, index, last_speaker)
            elif before in self.lang.words("passive_auxiliaries"):
                continue  # "Putin is said to have asked": hearsay, not a statement
            elif "speaker_after" in self.flags[form]:
                speaker = self._speaker_after(tokens, v_end, end, index, last_speaker)
            else:
                speaker = (self._speaker_before(tokens, start, v_start, index, last_speaker)
                           or self._speaker_after(tokens, v_end, end, index, last_speaker))
            if speaker is not None:
                return [Attribution(speaker, tokens.start[v_start], self.verb_kinds[form], last)]
        for n_start, n_end, form in nouns:
            if not start <= n_start < end:
                continue
            if n_end < end and tokens.lower[n_end] in self.lang.words("agent_prepositions"):
                speaker = self._speaker_after(tokens, n_end + 1, end, index, last_speaker)
            elif self.issuing_verbs.intersection(tokens.lower[max(start, n_start - 6):n_start]):
                speaker = self._speaker_before(tokens, start, n_start, index, last_speaker)
            else:
                continue
            if speaker is not None:
                return [Attribution(speaker, tokens.start[n_start], self.noun_kinds[form], last)]
        return []

    def _speaker_before(self, tokens, start, verb, index, last_speaker) -> Speaker | None:
        """The speaker in the words before a verb, back to the nearest clause boundary.
        Comma-separated fillers ("also") and appositions (", head of the Russian
        Security Council,") are stepped over: a person before them is the speaker."""
        segment_end, fallback = verb, None
        for _ in range(4):
            segment_start = segment_end
            while segment_start > start and tokens.text[segment_start - 1] not in CLAUSE_BREAKS:
                segment_start -= 1
            words = [w for w in tokens.lower[segment_start:segment_end] if w.isalnum()]
            filler = all(word in self.lang.words("speaker_fillers") for word in words)
            found = None if filler else self._speaker_in(tokens, segment_start, segment_end, index,
                                                         last_speaker)
            if found is not None and found.kind == "person":
                return found
            apposition = (not filler and tokens.text[segment_start][:1].islower()
                          and words[0] not in self.pronouns.keys() | self.lang.words(
                              "clause_openers"))
            if apposition:
                fallback = fallback or found
            elif not filler:
                return found or fallback
            if segment_start <= start or tokens.text[segment_start - 1] != ",":
                return fallback
            segment_end = segment_start - 1
        return fallback

    def _speaker_after(self, tokens, begin, end, index, last_speaker) -> Speaker | None:
        """The speaker right after a verb: "said Stoltenberg", "said the ministry"; the
        name must come first, so "noted that Solana ..." names no speaker."""
        stop = begin
        while stop < min(end, begin + 6) and tokens.text[stop] not in BOUNDARIES | {",", "."}:
            stop += 1
        article = self.lang.word("definite_article")
        first = begin + 1 if begin < stop and tokens.lower[begin] == article else begin
        if first >= stop or tokens.lower[first] in self.lang.words("not_speaker_openers"):
            return None
        return self._speaker_in(tokens, begin, stop, index, last_speaker, first=True)

    def _speaker_in(self, tokens, start, end, index, last_speaker, first=False) -> Speaker | None:
        """A named speaker in tokens [start, end): a person before a body; else a pronoun
        or role noun resolved to what the text named before."""
        named = [m for _, _, m in index.within(start, end)
                 if m.kind in SPEAKER_KINDS and m.relation != "demonym"]
        if named:
            people = [m for m in named if m.kind == "person"]
            chosen = (people or named)[0 if first else -1]
            return _speaker(index.entity(chosen))
        for i in range(start, end):
            word = tokens.lower[i]
            if word in self.pronouns and (
                    i == start or tokens.lower[i - 1] in self.lang.words("speaker_pronoun_after")):
                return self._antecedent(index, tokens.start[i], self.pronouns[word], last_speaker)
            entity = index.role_noun_at(tokens, i, set(SPEAKER_KINDS)) if i > start else None
            if entity is not None:
                return _speaker(entity)
        return None

    @staticmethod
    def _antecedent(index, char, kind, last_speaker) -> Speaker | None:
        """"he"/"she": the last person named; "they"/"it": the last body that spoke."""
        wanted = {"person"} if kind == "person" else {"organisation", "state"}
        if last_speaker is not None and last_speaker.kind in wanted:
            return last_speaker
        for _, _, mention in reversed(index.items):
            if mention.end <= char and mention.kind in wanted:
                return _speaker(index.entity(mention))
        return None

    @staticmethod
    def _continued_quote(sentence: Sentence, last_speaker, statements, last):
        """A quotation with no speaker of its own goes on the last speaker's words."""
        if last_speaker is None or not statements or sentence.text[:1] not in OPENING_QUOTES:
            return None
        if not TITLE_END.search(sentence.text):
            return None  # a quoted title standing alone ("\"Partnership for Peace\""): no words said
        if sentence.start - statements[-1].end > QUOTE_REACH:
            return None
        return Attribution(last_speaker, sentence.start, None, last)

    def _cue_kind(self, text: str) -> str | None:
        """The kind of the cue listed first in ``statement_cues.tsv`` that the text holds."""
        found = self.cue_pattern.findall(text.lower().replace("’", "'"))
        return min((self.cue_rank[cue] for cue in found), default=(0, None))[1]

    def _occasion(self, words: list[str], sentence_times: list[TimeMention]) -> DateValue | None:
        """The date a sentence (its words, lower case) before the first interview turn
        gives the interview ("The conversation was recorded on Wednesday"), if it tells
        of one."""
        if self.occasion_words.isdisjoint(words):
            return None
        return _story_time(sentence_times, None)

    def _date(self, document, sentence, sentence_times, verb_char,
              story_time) -> DateValue | None:
        """The nearest time expression said of the saying, else the story's time where the
        sentence moves on from it ("later"), else the publication date."""
        said = [t for t in sentence_times if t.relation == "at" and t.interval.start
                and not _inside_quote(sentence, t.start)]
        if said:
            return min(said, key=lambda t: abs(t.start - verb_char)).interval.start
        if story_time is not None:
            later = self.later.search(sentence.text)
            if later is not None:  # "one week later": counted from the story's date
                count = int(later[1]) if later[1].isdigit() else self.numbers[later[1].lower()]
                days = count * self.unit_days[later[2].lower()]
                precision = story_time.precision
                return DateValue(story_time.date + dt.timedelta(days=days), precision)
            words = set(re.findall(r"[a-z]+", sentence.text.lower()))
            if words & self.lang.words("narrative_cues") or any(
                    phrase in sentence.text for phrase in self.lang.word_list("story_time_phrases")):
                return story_time
        return _published(document)

    def _informant(self, speaker: Speaker) -> bool:
        """Whether a source is an unnamed informant ("military sources"): it assesses, it
        does not speak for a body, even "according to" it."""
        return speaker.kind is None and (speaker.role or "").lower() in self.lang.words(
            "informant_nouns")

    def _default_kind(self, speaker: Speaker) -> str:
        """A person's words, or an unnamed informant's, are an assessment; an institution's,
        or its spokesperson's, a claim."""
        role = (speaker.role or "").lower()
        if self._informant(speaker):
            return "assessment"
        spokesperson = any(stem in role for stem in self.lang.word_list("spokesperson_stems"))
        return "assessment" if speaker.kind == "person" and not spokesperson else "claim"


def _codes(kind: str) -> tuple[str | None, str | None]:
    """The PLOVER type and CAMEO root the registry gives a statement kind."""
    entry = vocabulary().statement_kinds.get(kind)
    return (entry.plover_type, entry.cameo_root) if entry else (None, None)


def _published(document: Document) -> DateValue | None:
    return DateValue(document.published) if document.published else None


def _unit_days(lang: LanguagePack) -> dict[str, int]:
    """Each unit of time in ``time_words.tsv`` and its plural, and its length in days."""
    return {form: int(days) for unit, days in time_words(lang)["unit_days"].items()
            for form in (unit, lang.plural(unit))}


def _later_pattern(lang: LanguagePack, numbers: dict[str, int],
                   unit_days: dict[str, int]) -> re.Pattern:
    """ "one week later", "3 days later": a count of units after the story's time."""
    numbers = sorted(numbers, key=len, reverse=True)
    units = sorted(unit_days, key=len, reverse=True)
    return re.compile(rf"\b(\d{{1,2}}|{'|'.join(map(re.escape, numbers))})\s+"
                      rf"({'|'.join(map(re.escape, units))})\s+"
                      rf"(?:{'|'.join(map(re.escape, lang.word_list('later')))})\b",
                      re.IGNORECASE)


def _speaker(entity: Entity) -> Speaker:
    return Speaker(entity.name, entity.id, entity.kind, entity.attributes.get("role"),
                   entity.attributes.get("organisation"))


def _quote_end(sentences: list[Sentence], i: int) -> int:
    """The index of the sentence where a quote opened in sentence i closes (i if none)."""
    def closes(text: str) -> bool:
        return text.count('"') % 2 == 1 or text.count("”") > text.count("“")

    if not quote_open(sentences[i].text):
        return i
    for j in range(i + 1, min(i + 8, len(sentences))):
        if closes(sentences[j].text):
            return j
    return i


def _inside_quote(sentence: Sentence, char: int) -> bool:
    return quote_open(sentence.text[:char - sentence.start])


def _story_time(sentence_times: list[TimeMention], current: DateValue | None) -> DateValue | None:
    """The time the story is at: the last dated point the text gave."""
    points = [t.interval.start for t in sentence_times if t.relation == "at" and t.interval.start]
    return points[-1] if points else current


def _about(index: MentionIndex, tokens: Tokens, first: Sentence, last: Sentence,
           speaker: Speaker) -> list[str]:
    """The names a statement speaks of, each once, the speaker left out."""
    names = []
    start, end = bisect_left(tokens.start, first.start), bisect_left(tokens.start, last.end)
    for _, _, mention in index.within(start, end):
        if mention.entity_id != speaker.entity_id:
            name = index.entity(mention).name
            if name not in names:
                names.append(name)
    return names
