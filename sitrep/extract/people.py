"""Doc -> people: who the text names, with the role and organisation it gives them.

No statistical model: a person is a name from ``people.tsv`` (well-known figures,
also by surname alone: "Gorbachev"), or a run of capitalised words that

- follows a title ("Foreign Minister Sergey Lavrov", "NATO Secretary General ..."), or
- starts with a known first name (``gender-guesser``'s list) and goes on with
  words English does not write in lower case ("Dimitri Trenin", not "Will Power"), or
- stands before an apposition that gives a role ("Julianne Smith, the American
  ambassador to NATO").

Within a document a bare surname ("Stoltenberg", or "Selensky" for Zelensky) and a
role noun that was used as a title ("the NATO Secretary General") then point back
to the full name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from sitrep.data import data_lines
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.names import name_key, skeleton_key

MAX_NAME_TOKENS = 4
PARTICLES = {"de", "van", "von", "der", "bin", "al", "la", "le", "da", "di", "du", "ter"}
APPOSITION_HEADS = {"the", "a", "an"}
NOT_NAME_WORDS = {"Ministry", "Ministers", "Department", "Office", "Council", "Committee",
                  "Forces", "Army", "Of", "The", "I", "And"}


@dataclass(slots=True)
class FoundPerson:
    """A person mention (token span) and the canonical full name it refers to."""

    start: int
    end: int
    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(slots=True)
class _Person:
    name: str
    roles: set[str] = field(default_factory=set)
    role: str | None = None
    organisation: str | None = None


class PersonFinder:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, titles: list[str]):
        self.gazetteer = gazetteer
        self.titles = sorted({tuple(t.split()) for t in titles}, key=len, reverse=True)
        self.title_starts = {title[0] for title in self.titles}
        self.known: dict[str, tuple[str, str]] = {}  # full name -> (role, organisation)
        self.known_names = PhraseMatcher(nlp.vocab, attr="ORTH")
        for line in data_lines("people.tsv"):
            name, aliases, role, belongs_to = line.split("\t")
            self.known[name] = (role, belongs_to)
            listed = {a for a in aliases.split("|") if a and not gazetteer.is_common_word(a)}
            forms = {name, *listed}
            surname = name.split()[-1]
            if self._distinctive(surname):
                forms.add(surname)
            self.known_names.add(name, list(nlp.tokenizer.pipe(sorted(forms))))

    def _distinctive(self, word: str) -> bool:
        """A surname that alone names its bearer: not an English word, not a big place."""
        return not self.gazetteer.is_common_word(word) and not any(
            p.population >= 100_000 or p.kind != "city" for p in self.gazetteer.candidates(word))

    def find(self, doc: Doc, taken: set[int], organisations: dict[int, str]) -> list[FoundPerson]:
        """People among the tokens not ``taken``; ``organisations`` maps token -> org name."""
        found: list[FoundPerson] = []
        used = set(taken)
        matches = sorted(self.known_names(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if used.isdisjoint(range(start, end)):
                name = doc.vocab.strings[match_id]
                role, belongs_to = self.known[name]
                found.append(FoundPerson(start, end, name, role, belongs_to))
                used.update(range(start, end))
        for start, end, title_start in self._titled(doc, used):
            org = organisations.get(title_start - 1) if title_start > 0 else None
            role = doc[title_start:start].text
            found.append(FoundPerson(start, end, doc[start:end].text, role, org))
            used.update(range(start, end))
        for i in range(len(doc)):
            if i in used or not self._starts_name(doc, i):
                continue
            end = self._name_end(doc, i + 1, used)
            role = self._apposition_role(doc, end)
            if end - i >= 2 or role is not None:
                found.append(FoundPerson(i, end, doc[i:end].text, role=role))
                used.update(range(i, end))
        return self._corefer(doc, found, used, set(organisations))

    def _titled(self, doc: Doc, used: set[int]):
        i = 0
        while i < len(doc):
            title_end = self._title_at(doc, i)
            if title_end is None:
                i += 1
                continue
            end = self._name_end(doc, title_end, used, allow_first_common=True)
            if end > title_end and not used & set(range(title_end, end)):
                yield title_end, end, i
                i = end
            else:
                i = title_end

    def _title_at(self, doc: Doc, i: int) -> int | None:
        if doc[i].text not in self.title_starts:
            return None
        for title in self.titles:
            words = [t.text for t in doc[i:i + len(title)]]
            if tuple(words) == title:
                return i + len(title)
        return None

    def _name_end(self, doc: Doc, start: int, used: set[int], *,
                  allow_first_common: bool = False) -> int:
        end = start
        while end < len(doc) and end - start < MAX_NAME_TOKENS and end not in used:
            token = doc[end]
            if token.text == "-" and end + 1 < len(doc) and _is_name_word(doc[end + 1]):
                end += 2  # Hans-Dietrich
                continue
            if token.lower_ in PARTICLES and end + 1 < len(doc) and _is_name_word(doc[end + 1]):
                end += 1
                continue
            if not _is_name_word(token) or token.text in NOT_NAME_WORDS:
                break
            common = self.gazetteer.is_common_word(token.text)
            if common and not (allow_first_common and end == start):
                break
            end += 1
        return end

    def _starts_name(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if not _is_name_word(token) or token.lower_ in STOP_WORDS:
            return False
        parts = [token.text]
        if i + 2 < len(doc) and doc[i + 1].text == "-":
            parts.append(doc[i + 2].text)
        return all(self.gazetteer.is_first_name(p) for p in parts)

    def _apposition_role(self, doc: Doc, end: int) -> str | None:
        """ "X, the American ambassador to NATO," -> "American ambassador to NATO"."""
        if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in APPOSITION_HEADS:
            return None
        stop = end + 2
        while stop < len(doc) and doc[stop].text not in {",", ".", ";", ":", "\n"} and stop - end < 10:
            stop += 1
        role = doc[end + 2:stop]
        if not any(t.lower_ in {"minister", "ambassador", "president", "secretary", "spokesman",
                                "spokeswoman", "spokesperson", "director", "chief", "head",
                                "commander", "expert", "analyst", "adviser", "advisor", "general",
                                "chairman", "leader", "envoy", "official", "journalist",
                                "correspondent", "editor", "professor", "researcher"}
                   for t in role):
            return None
        return role.text

    def _corefer(self, doc: Doc, found: list[FoundPerson], used: set[int],
                 organisation_tokens: set[int]) -> list[FoundPerson]:
        """Merge surname-only mentions into full names and add later bare surnames."""
        people: dict[str, _Person] = {}
        for mention in sorted(found, key=lambda m: -len(m.name.split())):
            full = self._full_name(mention.name, people)
            person = people.setdefault(full, _Person(full))
            if mention.role:
                person.roles.add(mention.role)
                person.role = person.role or mention.role
            person.organisation = person.organisation or mention.organisation
            mention.name = full
        surnames = {}
        for person in people.values():
            last = person.name.split()[-1]
            surnames.setdefault(name_key(last), person.name)
            surnames.setdefault(skeleton_key(last), person.name)
        roles = {}
        for person in people.values():
            for role in person.roles:
                roles[name_key(role)] = person.name
                if person.organisation:
                    roles[name_key(f"{person.organisation} {role}")] = person.name
        for token in doc:
            if token.i in used or not _is_name_word(token):
                continue
            key = surnames.get(name_key(token.text)) or (
                surnames.get(skeleton_key(token.text)) if len(token.text) > 4 else None)
            if key:
                found.append(FoundPerson(token.i, token.i + 1, key))
                used.add(token.i)
        found.extend(self._role_nouns(doc, roles, used - organisation_tokens))
        for mention in found:
            person = people.get(mention.name)
            if person:
                mention.role = mention.role or person.role
                mention.organisation = mention.organisation or person.organisation
        return sorted(found, key=lambda m: m.start)

    def _full_name(self, name: str, people: dict[str, _Person]) -> str:
        """The longer name already seen that ends with this one, else the name itself."""
        words = name.split()
        for known in people:
            if known.split()[-len(words):] == words:
                return known
        return name

    def _role_nouns(self, doc: Doc, roles: dict[str, str], used: set[int]) -> list[FoundPerson]:
        """ "the NATO Secretary General" once the text has named who holds that title."""
        found = []
        if not roles:
            return found
        for i, word in enumerate(doc.to_array("LOWER")):
            if doc.vocab.strings[word] != "the" or i + 1 >= len(doc):
                continue
            for end in range(min(len(doc), i + 6), i + 1, -1):
                person = roles.get(name_key(doc[i + 1:end].text))
                if person and used.isdisjoint(range(i + 1, end)):
                    found.append(FoundPerson(i + 1, end, person))
                    used.update(range(i + 1, end))
                    break
        return found


def _is_name_word(token: Token) -> bool:
    text = token.text
    return (text[:1].isupper() and text.isalpha() and not text.isupper()) or (
        len(text) == 2 and text[0].isupper() and text[1] == ".")
