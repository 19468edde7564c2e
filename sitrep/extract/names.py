"""Doc -> the names the statistical model tags that no list or rule holds.

With the statistical pipeline, the model's named entities (``doc.ents``) name
organisations and people of any theatre: "the Associated Press", "Kosovo Force", a
minister whose name no pack knows. The model also tags places, headlines and titles as
organisations, so a name is kept only when it passes filters that rest on what the
other finders know, not on one crisis's wording:

- trimmed of a leading article, a possessive ending and punctuation, cut at a line break;
- no word the model tags as a verb (a headline: "X Offers Help");
- not on a line with no lower-case letter (a header or a dateline);
- not a place the gazetteer knows, nor a demonym ("Kosovar");
- not a lone common or head word ("State", "Army") nor a title ("Colonel");
- not the front of a person's title ("National Security [Advisor]");
- an organisation ends in a head noun, is an acronym, or is not named after a place
  with a place noun after it ("X Lake");
- a person's name has two words or a surname that is no common word, and no word
  that names a state or its people ("Kosovo Serb").

A rules-only pipeline has no ``doc.ents``: the finder then finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.extract.places import after_distance
from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer
from sitrep.lang import LanguagePack

LABELS = {"ORG": "organisation", "PERSON": "person"}
NOT_IN_A_NAME = {"VERB", "AUX", "PRON", "SCONJ"}
PUNCTUATION = "\"'“”‘’()[],.;:!?-–—"
MIN_SURNAME = 4
HEADLINE_WORD, HEADLINE_WORDS = 3, 3  # a headline: 3 words of 4 letters or more, all capitalised


@dataclass(slots=True, frozen=True)
class FoundName:
    """A name the model found: token span, kind (organisation or person) and its text."""

    start: int
    end: int
    kind: str
    name: str


class NameFinder:
    def __init__(self, gazetteer: Gazetteer, lang: LanguagePack, titles: list[str]):
        self.gazetteer = gazetteer
        self.articles = lang.words("articles")
        self.possessives = lang.words("possessive_endings")
        self.heads = set(lang.lines("org_heads.txt"))
        self.place_nouns = lang.words("place_nouns")
        self.place_tails = self.place_nouns | lang.words("area_nouns")
        self.feature_heads = lang.words("feature_heads")
        self.lang = lang
        self.role_words = lang.words("role_words")
        self.title_words = {word.lower().rstrip(".") for title in titles for word in title.split()}
        self.location_prepositions = lang.words("location_prepositions")
        self.modifiers = lang.words("modifier_dependencies")
        self.genitive = lang.word("genitive")

    def find(self, tokens: Tokens, taken: set[int]) -> list[FoundName]:
        """The names the model tagged, in text order, among tokens not ``taken``."""
        doc, found = tokens.doc, []
        places = {ent.text for ent in doc.ents if ent.label_ not in LABELS}
        header_lines: dict[int, bool] = {}
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            span = self._trimmed(doc, ent.start, ent.end) if kind else None
            if span is None or not taken.isdisjoint(range(*span)):
                continue
            start, end = span
            name = doc[start:end].text
            if name not in places and self._plausible(tokens, start, end, header_lines) and (
                    self._organisation(tokens, start, end) if kind == "organisation"
                    else self._person(doc, start, end)):
                found.append(FoundName(start, end, kind, name))
        return found

    def may_take_in(self, tokens: Tokens, name: FoundName, inside: list[tuple[int, int]]) -> bool:
        """Whether a name is sure enough to take in the places or names found by shape
        ``inside`` it: a person's full name, a body's name with a head noun, or one whose
        every part inside is a common word ("Tribune" in "the Halvern Tribune"); never a
        name after "of" ("Veterans of the Red Army": the army stays)."""
        if any(self._after_genitive(tokens, start) for start, _ in inside):
            return False
        words = name.name.split()
        if len(words) < 2 or name.kind == "person":
            return len(words) >= 2
        return any(word in self.heads for word in words) or all(
            end - start == 1 and self.gazetteer.is_common_word(tokens.text[start])
            for start, end in inside)

    def _after_genitive(self, tokens: Tokens, i: int) -> bool:
        before = tokens.lower[max(0, i - 2):i]
        if before and before[-1] in self.articles:
            before = before[:-1]
        return bool(before) and before[-1] == self.genitive

    def _trimmed(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        """The span without a leading article, a possessive ending, punctuation, and
        what follows a line break."""
        for i in range(start, end):
            if "\n" in doc[i].text:
                end = i
                break
        while start < end and (doc[start].lower_ in self.articles
                               or doc[start].text.strip(PUNCTUATION) == ""):
            start += 1
        start = self._after_state_possessive(doc, start, end)
        while start < end and (doc[end - 1].lower_ in self.possessives
                               or doc[end - 1].text.strip(PUNCTUATION) == ""):
            end -= 1
        return (start, end) if start < end else None

    def _after_state_possessive(self, doc: Doc, start: int, end: int) -> int:
        """Where a body's name starts after a state's possessive: "Chile's [Naval Command]";
        the state is read back as the body's side (``sides.py``)."""
        for i in range(start + 1, end - 1):
            if doc[i].lower_ in self.possessives:
                named = [p for p in self.gazetteer.candidates(doc[start:i].text)
                         if p.kind == "country"]
                return i + 1 if named else start
        return start

    def _plausible(self, tokens: Tokens, start: int, end: int,
                   header_lines: dict[int, bool]) -> bool:
        """Not a headline, a header line, a place, a demonym or a lone common word.
        ``header_lines``: the verdicts on the lines read so far (``_header_line``)."""
        doc, words = tokens.doc, tokens.text[start:end]
        if any(token.pos_ in NOT_IN_A_NAME for token in doc[start:end]):
            return False
        if end - start == 1 and self._qualifies_a_noun(doc[start]):
            return False  # "Ostrovan troops", "the Kosovar government"
        if not words[0][:1].isupper() or _header_line(tokens, start, header_lines):
            return False
        if end < len(tokens) and tokens.lower[end] in self.place_tails:
            return False  # "X lake", "the X region"
        if tokens.lower[end - 1] in self.feature_heads or after_distance(tokens, start, self.lang):
            return False  # "Pangong Tso", "60 km from X": places the gazetteer does not know
        if self._by_shape(words):
            return True
        if start > 0 and tokens.lower[start - 1] in self.location_prepositions:
            return False  # "in X", "near X": a place the gazetteer does not know
        text = tokens.span(start, end)
        if self.gazetteer.candidates(text) or self.gazetteer.demonym(text) is not None:
            return False
        if len(words) == 1 and (self.gazetteer.is_common_word(words[0])
                                or words[0].lower() in self.title_words):
            return False
        return not self._title_follows(tokens, end)

    def _qualifies_a_noun(self, token) -> bool:
        """A word that modifies a lower-case noun after it, as a demonym or a place does."""
        head = token.head
        return token.dep_ in self.modifiers and head.i > token.i and head.text.islower()

    def _by_shape(self, words: list[str]) -> bool:
        """An acronym ("KFOR"), or words with a head noun ("Kosovo Police")."""
        return _acronym(words) or (len(words) > 1 and any(word in self.heads for word in words))

    def _title_follows(self, tokens: Tokens, end: int) -> bool:
        """ "National Security [Advisor]": the name is the front of a title."""
        following = tokens.lower[end].rstrip("s") if end < len(tokens) else ""
        return following in self.role_words or following in self.title_words

    def _organisation(self, tokens: Tokens, start: int, end: int) -> bool:
        words = tokens.text[start:end]
        if words[-1].lower().rstrip("s") in self.role_words | self.title_words:
            return False  # "the Corps Commanders": people
        if self._by_shape(words):
            return not self._title_follows(tokens, end)
        if len(words) == 1:
            return True
        return self.place_nouns.isdisjoint(w.lower() for w in words) and not any(
            self.gazetteer.candidates(word) and not self.gazetteer.is_common_word(word)
            for word in words if word[:1].isupper())

    def _person(self, doc: Doc, start: int, end: int) -> bool:
        """A name of letters, no state or people in it ("Kosovo Serb"); of two words or
        more, one a first name or an initial, or none a common word ("Backyard Diplomacy")."""
        words = [token.text for token in doc[start:end]]
        if any(word in self.possessives or not word.replace("-", "").replace("’", "")
               .replace("'", "").isalpha() for word in words):
            return False
        if any(self.gazetteer.demonym(word) is not None or any(
                place.kind == "country" for place in self.gazetteer.candidates(word))
               for word in words):
            return False
        if len(words) == 1:
            return len(words[0]) >= MIN_SURNAME and not words[0].isupper()
        if any(word.lower().rstrip("s") in self.title_words | self.role_words for word in words):
            return False
        first = words[0]
        return (len(first) <= 2 or self.gazetteer.is_first_name(first)
                or not any(self.gazetteer.is_common_word(word) for word in words))


def _acronym(words: list[str]) -> bool:
    return len(words) == 1 and words[0].isupper() and words[0].isalpha()


def _header_line(tokens: Tokens, i: int, verdicts: dict[int, bool]) -> bool:
    """Whether token ``i`` stands on a header line: no lower-case letter, or a headline
    whose every longer word is capitalised ("Minister Reacts To Talks"). Each line is
    read once, its verdict kept in ``verdicts`` by where it starts: a document may be one
    line of a megabyte with thousands of names on it."""
    start, end = tokens.line(tokens.start[i])
    if start not in verdicts:
        line = tokens.doc_text[start:end]
        longer = [word for word in line.split() if len(word) > HEADLINE_WORD and word.isalpha()]
        verdicts[start] = not any(c.islower() for c in line) or (
            len(longer) >= HEADLINE_WORDS and all(word[0].isupper() for word in longer))
    return verdicts[start]
