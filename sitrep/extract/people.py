"""Doc -> people: who the text names, with the role and organisation it gives them.

No statistical model: a person is a name from a knowledge pack (well-known figures,
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

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.names import name_key, skeleton_key
from sitrep.knowledge import Person
from sitrep.lang import LanguagePack

MAX_NAME_TOKENS = 4
APPOSITION_ENDS = {",", ".", ";", ":", "\n"}


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
    def __init__(self, nlp: Language, gazetteer: Gazetteer, titles: list[str],
                 lang: LanguagePack, people: tuple[Person, ...]):
        self.gazetteer = gazetteer
        self.stop_words = lang.stop_words()
        self.particles = lang.words("name_particles")
        self.apposition_heads = lang.words("articles")
        self.role_words = lang.words("role_words")
        self.not_name_words = lang.words("not_name_words")
        self.article = lang.word("definite_article")
        self.titles = sorted({tuple(t.split()) for t in titles}, key=len, reverse=True)
        self.title_starts = {title[0] for title in self.titles}
        self.known: dict[str, tuple[str, str]] = {}  # full name -> (role, organisation)
        self.known_names = PhraseMatcher(nlp.vocab, attr="ORTH")
        for person in people:
            name = person.name
            self.known[name] = (person.role, person.side)
            forms = {name, *(a for a in person.aliases if not gazetteer.is_common_word(a))}
            surname = name.split()[-1]
            if self._distinctive(surname):
                forms.add(surname)
            self.known_names.add(name, list(nlp.tokenizer.pipe(sorted(forms))))

    def _distinctive(self, word: str) -> bool:
        """A surname that alone names its bearer: not an English word, not a big place."""
        return not self.gazetteer.is_common_word(word) and not any(
            p.population >= 100_000 or p.kind != "city" for p in self.gazetteer.candidates(word))

    def find(self, tokens: Tokens, taken: set[int],
             organisations: dict[int, str]) -> list[FoundPerson]:
        """People among the tokens not ``taken``; ``organisations`` maps token -> org name."""
        doc = tokens.doc
        found: list[FoundPerson] = []
        used = set(taken)
        matches = sorted(self.known_names(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if used.isdisjoint(range(start, end)):
                name = doc.vocab.strings[match_id]
                role, belongs_to = self.known[name]
                found.append(FoundPerson(start, end, name, role, belongs_to))
                used.update(range(start, end))
        for start, end, title_start in self._titled(tokens, used):
            org = organisations.get(title_start - 1) if title_start > 0 else None
            role = tokens.span(title_start, start)
            found.append(FoundPerson(start, end, tokens.span(start, end), role, org))
            used.update(range(start, end))
        name_words = [i for i, word in enumerate(tokens.text) if _is_name_word(word)]
        for i in name_words:
            if i in used or not self._starts_name(tokens, i):
                continue
            end = self._name_end(tokens, i + 1, used)
            role = self._apposition_role(tokens, end)
            if end - i >= 2 or role is not None:
                found.append(FoundPerson(i, end, tokens.span(i, end), role=role))
                used.update(range(i, end))
        return self._corefer(tokens, name_words, found, used, set(organisations))

    def _titled(self, tokens: Tokens, used: set[int]):
        i, words, count = 0, tokens.text, len(tokens)
        while i < count:
            title_end = self._title_at(words, i) if words[i] in self.title_starts else None
            if title_end is None:
                i += 1
                continue
            end = self._name_end(tokens, title_end, used, allow_first_common=True)
            if end > title_end and not used & set(range(title_end, end)):
                yield title_end, end, i
                i = end
            else:
                i = title_end

    def _title_at(self, words: list[str], i: int) -> int | None:
        """Where the longest title that starts at ``i`` ends, if one does."""
        for title in self.titles:
            if tuple(words[i:i + len(title)]) == title:
                return i + len(title)
        return None

    def _name_end(self, tokens: Tokens, start: int, used: set[int], *,
                  allow_first_common: bool = False) -> int:
        words, count = tokens.text, len(tokens)
        end = start
        while end < count and end - start < MAX_NAME_TOKENS and end not in used:
            word = words[end]
            if word == "-" and end + 1 < count and _is_name_word(words[end + 1]):
                end += 2  # Hans-Dietrich
                continue
            if (tokens.lower[end] in self.particles and end + 1 < count
                    and _is_name_word(words[end + 1])):
                end += 1
                continue
            if not _is_name_word(word) or word in self.not_name_words:
                break
            common = self.gazetteer.is_common_word(word)
            if common and not (allow_first_common and end == start):
                break
            end += 1
        return end

    def _starts_name(self, tokens: Tokens, i: int) -> bool:
        """Whether the name word at ``i`` is a first name ("Hans-Dietrich": both parts)."""
        if tokens.lower[i] in self.stop_words or not self.gazetteer.is_first_name(tokens.text[i]):
            return False
        if i + 2 < len(tokens) and tokens.text[i + 1] == "-":
            return self.gazetteer.is_first_name(tokens.text[i + 2])
        return True

    def _apposition_role(self, tokens: Tokens, end: int) -> str | None:
        """ "X, the American ambassador to NATO," -> "American ambassador to NATO"."""
        words, count = tokens.text, len(tokens)
        if (end + 2 >= count or words[end] != ","
                or tokens.lower[end + 1] not in self.apposition_heads):
            return None
        stop = end + 2
        while stop < count and words[stop] not in APPOSITION_ENDS and stop - end < 10:
            stop += 1
        if self.role_words.isdisjoint(tokens.lower[end + 2:stop]):
            return None
        return tokens.span(end + 2, stop)

    def _corefer(self, tokens: Tokens, name_words: list[int], found: list[FoundPerson],
                 used: set[int], organisation_tokens: set[int]) -> list[FoundPerson]:
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
        for i in name_words:
            if i in used:
                continue
            word = tokens.text[i]
            key = surnames.get(name_key(word)) or (
                surnames.get(skeleton_key(word)) if len(word) > 4 else None)
            if key:
                found.append(FoundPerson(i, i + 1, key))
                used.add(i)
        found.extend(self._role_nouns(tokens, roles, used - organisation_tokens))
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

    def _role_nouns(self, tokens: Tokens, roles: dict[str, str],
                    used: set[int]) -> list[FoundPerson]:
        """ "the NATO Secretary General" once the text has named who holds that title."""
        found = []
        if not roles:
            return found
        count = len(tokens)
        for i, word in enumerate(tokens.lower):
            if word != self.article or i + 1 >= count:
                continue
            for end in range(min(count, i + 6), i + 1, -1):
                person = roles.get(name_key(tokens.span(i + 1, end)))
                if person and used.isdisjoint(range(i + 1, end)):
                    found.append(FoundPerson(i + 1, end, person))
                    used.update(range(i + 1, end))
                    break
        return found


def _is_name_word(word: str) -> bool:
    return (word[:1].isupper() and word.isalpha() and not word.isupper()) or (
        len(word) == 2 and word[0].isupper() and word[1] == ".")
