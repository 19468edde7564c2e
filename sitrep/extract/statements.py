"""Doc -> Statements: sentences in which a named source says something.

Thin for now: a reporting verb (``reporting_verbs.tsv``) or "according to" with
a capitalised name beside it. Pronoun and role-noun speakers, quotes spanning
sentences and interview transcripts come with the statements issue.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from sitrep.model import DateValue, Document, Mention, Sentence, Statement

QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,})[\"“”„«»]")
SKIPPED_BEFORE_VERB = {"as", ",", "has", "had", "have", "also", "then", "later", "again", "was", "is"}
NOT_NAMES = {"The", "A", "An", "But", "And", "It", "He", "She", "They", "We", "I", "This", "That",
             "There", "When", "If", "In", "On", "At", "Of", "Yet", "So", "Also"}


class StatementFinder:
    def __init__(self, reporting_verbs: dict[str, str]):
        self.reporting_verbs = reporting_verbs

    def find(self, doc: Doc, document: Document, sentences: list[Sentence],
             mentions: list[Mention], entity_names: dict[str, str]) -> list[Statement]:
        """One statement per sentence that has a reporting verb and a named speaker."""
        statements = []
        date = DateValue(document.published) if document.published else None
        for sentence in sentences:
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if span is None:
                continue
            found = self._speaker_and_kind(span)
            if found is None:
                continue
            speaker_start, speaker_end, kind = found
            speaker = _resolve(document.text[speaker_start:speaker_end], speaker_start, speaker_end,
                               mentions, entity_names)
            quote = QUOTE.search(sentence.text)
            statements.append(Statement(
                id=f"s{len(statements) + 1}", doc_id=document.id,
                start=sentence.start, end=sentence.end, text=sentence.text,
                speaker=speaker, date=date, kind=kind,
                quote=quote.group(1) if quote else None, direct=quote is not None))
        return statements

    def _speaker_and_kind(self, sentence: Span) -> tuple[int, int, str] | None:
        """Character offsets of the speaker's name and the kind the verb suggests."""
        tokens = list(sentence)
        for i, token in enumerate(tokens):
            if token.lower_ == "according" and i + 1 < len(tokens) and tokens[i + 1].lower_ == "to":
                name = _name_run(tokens, i + 2, step=1)
                if name:
                    return name[0].idx, name[-1].idx + len(name[-1]), "claim"
            next_word = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            kind = (self.reporting_verbs.get(f"{token.lower_} {next_word}")
                    or self.reporting_verbs.get(token.lower_))
            if kind is None:
                continue
            j = i - 1
            while j >= 0 and tokens[j].lower_ in SKIPPED_BEFORE_VERB:
                j -= 1
            name = _name_run(tokens, j, step=-1) or _name_run(tokens, i + 1, step=1)
            if name:
                return name[0].idx, name[-1].idx + len(name[-1]), kind
        return None


def _name_run(tokens: list, index: int, *, step: int) -> list:
    """The run of capitalised tokens that starts at ``index`` going in ``step`` direction."""
    run = []
    while (0 <= index < len(tokens) and tokens[index].text[:1].isupper()
           and tokens[index].text not in NOT_NAMES):
        run.append(tokens[index])
        index += step
    return sorted(run, key=lambda t: t.i)


def _resolve(text: str, start: int, end: int, mentions: list[Mention],
             entity_names: dict[str, str]) -> str:
    """The canonical name of the entity a speaker span names, or a person's full name
    for a surname, else the span's text."""
    inside = [m for m in mentions
              if m.start < end and start < m.end and m.entity_id in entity_names]
    if inside:  # "NATO Secretary General Jens Stoltenberg": the person, not the organisation
        best = min(inside, key=lambda m: (m.kind != "person", -m.end))
        return entity_names[best.entity_id]
    for entity_id, name in entity_names.items():
        if entity_id.startswith("person:") and name.split()[-1] == text:
            return name
    return text
