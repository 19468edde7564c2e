"""Text -> time expressions, resolved against the document's publication date.

One regular expression over the whole text finds them ("on 14 February", "last week",
"since 2017", "between 1999 and 2021"), so a news article costs well under a
millisecond and no date-parsing library is needed. The grammar is the language pack's:
its shapes ("the end of last week", "two weeks ago") are ``time_grammar.tsv`` and the
words that fill their slots (months, weekdays, seasons, number words, holidays,
prepositions) ``time_words.tsv``; both are read from the English pack when this module
loads.

How expressions are read:

- A mention's interval is the period the expression names and ``relation`` says how
  the text relates to it: "since 2017" is the year 2017 with relation "since".
- Start is the period's first day and end its last, both at the period's precision:
  "in October 2021" runs from 2021-10-01 to 2021-10-31 at month precision.
- DateValue has no week precision, so weeks are calendar weeks, Monday to Sunday, in
  days: "last week" read on Tuesday 15 February 2022 is 7 to 13 February; "the end of
  last week" is its Thursday to Sunday.
- A day, month, weekday or holiday without a year is the latest one that starts on or
  before publication ("in October" read in February 2022 is October 2021); after
  "until" or "by" it is the nearest one, which may lie ahead ("until March").
- "past" and "recent" name a span that ends at publication, in days ("in the past two
  weeks"); "a few" and "recent" count as three, "several" as four (see the data file).
- Expressions that need the publication date are skipped without one.
- A bare month, year or holiday is read only after a preposition ("in May", "since 2017",
  "on New Year's Eve"), so that "May I ask" and "Minsk 2017" stay text; month names
  must be in Title Case, so "they march" is no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from sitrep.lang import DEFAULT, LanguagePack
from sitrep.model import DateValue, TimeInterval

Period = tuple[DateValue, DateValue]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression: character offsets ``[start, end)`` in the text, and what it names."""

    start: int
    end: int
    text: str
    interval: TimeInterval
    relation: str  # "at" (a point or period), "since", "until", "before", "after"


@cache
def time_words(lang: LanguagePack) -> dict[str, dict[str, str]]:
    """A pack's ``time_words.tsv`` (word, kind, value) as kind -> {word: value}."""
    return _grouped(lang, "time_words.tsv", group=1, key=0)


def time_grammar(lang: LanguagePack) -> dict[str, dict[str, str]]:
    """A pack's ``time_grammar.tsv`` (section, name, pattern) as section -> {name: pattern}."""
    return _grouped(lang, "time_grammar.tsv", group=0, key=1)


def _grouped(lang: LanguagePack, name: str, group: int, key: int) -> dict[str, dict[str, str]]:
    """A three-column pack file's rows grouped by one column, keyed by another, valued by
    the last, in file order."""
    table: dict[str, dict[str, str]] = {}
    for line in lang.lines(name):
        columns = line.split("\t")
        table.setdefault(columns[group], {})[columns[key]] = columns[2]
    return table


def _key(words: str) -> str:
    """A phrase as the data file spells it: single spaces, a straight apostrophe."""
    return " ".join(words.split()).replace("’", "'")


_WORDS = time_words(LanguagePack.load(DEFAULT))  # the grammar is English's (see the data file)
MONTHS = {w: int(v) for kind in ("month", "month_abbr") for w, v in _WORDS[kind].items()}
WEEKDAYS = {w: int(v) for w, v in _WORDS["weekday"].items()}
SEASONS = {w: int(v) for w, v in _WORDS["season"].items()}
NUMBERS = {w: int(v) for w, v in _WORDS["number"].items()}
HOLIDAYS = {w: (int(v[:2]), int(v[3:])) for w, v in _WORDS["holiday"].items()}
DAY_WORDS = {w: int(v) for w, v in _WORDS["day"].items()}
RELATIONS = _WORDS["relation"]
PARTS = {w: int(v) for w, v in _WORDS["part"].items()}
DIRECTIONS = {w: int(v) for w, v in _WORDS["direction"].items()}
UNITS = _WORDS["unit"]
WITHIN = {w: int(v) for w, v in _WORDS["within"].items()}
SPAN = set(_WORDS["span"])  # directions that name a span whatever follows
SPAN_AFTER_ARTICLE = set(_WORDS["span_after_article"])
PLURAL_COUNT = NUMBERS[next(iter(_WORDS["plural_count"]))]
# The unit codes time_words.tsv maps its unit words to: those counted in days, and the
# months in each of the others.
DAY_UNIT_CODES = ("day", "week", "weekend")
MONTH_UNIT_CODES = {"month": 1, "year": 12, "decade": 120}


def _capitalised(words) -> list[str]:
    """Each word also as it begins a sentence ("Last week"): spelled-out cases are faster
    in re than ignoring case, and keep month names exact."""
    return [form for word in words for form in dict.fromkeys((word, word[0].upper() + word[1:]))]


def _trie(entries: dict[str, str]) -> str:
    """Words, each with the pattern that must follow it, as one regex alternation factored
    by leading characters: re tries an alternation's branches one by one, so a trie
    rejects a word after a comparison or two. A longer word is tried before its prefix
    ("a few" before "a"); any whitespace may stand between words, and either apostrophe."""
    root: dict = {}
    for word, after in entries.items():
        node = root
        for char in " ".join(word.split()):
            node = node.setdefault(char, {})
        node.setdefault("", set()).add(after)
    return _trie_pattern(root)


def _trie_pattern(node: dict) -> str:
    branches = [{" ": r"\s+", "'": "['’]"}.get(char, re.escape(char)) + _trie_pattern(child)
                for char, child in node.items() if char]
    branches += sorted(node.get("", set()) - {""})
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node.get("", set()):
        return body
    return f"(?:{body})?" if branches else ""


def _words(words, capitals: bool = False) -> str:
    """Words as a trie alternation (see _trie), with sentence-initial forms if capitals."""
    return _trie(dict.fromkeys(_capitalised(words) if capitals else words, ""))


def _day_word_pattern() -> str:
    """Day words; "the day before" only where the clause goes on without a noun ("the
    day before the invasion" counts from the invasion, not from publication)."""
    guarded = list(_WORDS["day_open"])
    guard = rf"(?=\s*(?:[^\w\s]|$)|\s+(?:{'|'.join(_WORDS['day_guard'])})\b)"
    return f"(?:{_words(DAY_WORDS.keys() - guarded, True)}|{_words(guarded, True)}{guard})"


_GRAMMAR = time_grammar(LanguagePack.load(DEFAULT))
TOKENS = {
    "YEAR": r"(?:1[89]|20)[0-9]{2}(?![0-9])",
    "DAY": r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])",
    "MONTH_FULL": _words(_WORDS["month"]),
    "MONTH": f"(?:{_words(_WORDS['month'])}|{_words(_WORDS['month_abbr'])}\\.?)",
    "WEEKDAY": _words(WEEKDAYS),
    "HOLIDAY": _words(HOLIDAYS),
    "SEASON": _words(SEASONS, True),
    "NUMBER": f"(?:[0-9]{{1,3}}|{_words(NUMBERS, True)})",
    "UNIT": _words(UNITS),
    "DIRECTION": _words(DIRECTIONS, True),
    "WITHIN": _words(WITHIN, True),
    "DAY_WORDS": _day_word_pattern(),
    "RELATION": _words(RELATIONS, True),
    **_GRAMMAR["token"],
    **{name: _words(words.split("|"), True) for name, words in _GRAMMAR["words"].items()},
}


def _fill(pattern: str) -> str:
    """A pattern with its upper-case tokens ("MONTH", "YEAR") replaced by their patterns."""
    return re.sub(rf"\b(?:{'|'.join(TOKENS)})\b", lambda token: TOKENS[token.group()], pattern)


# Expressions that stand on their own, tried in this order at each position (the first
# that matches wins, so longer forms come before their prefixes); and those read only
# after a preposition.
STRONG = _GRAMMAR["strong"]
WEAK = _GRAMMAR["weak"]

# Where an expression can begin: a year, a day or count before a month or unit, a month,
# weekday, holiday or day word, or a word that needs a date, unit, number or season after
# it ("last", "early", "two"); each may follow "the", a preposition, or both. re tries
# this cheap test at every word and the full grammar only where it holds.
RANGE_OPEN = _GRAMMAR["words"]["RANGE_OPEN"].split("|")
LEADS = [*PARTS, *_WORDS["lead"], *DIRECTIONS, *SEASONS, *NUMBERS]
FOLLOWERS = [*_WORDS["follower"], *DIRECTIONS, *UNITS, *SEASONS, *NUMBERS]
# The followers' trie stands once after the leads' trie, and HEAD once in GATE: a copy
# after every lead word made the pattern 144,000 characters, 0.3 s to compile at import.
HEAD = _fill("(?:" + TOKENS["HEAD_NUMBER"] + "|"
             + _words([*MONTHS, *WEEKDAYS, *HOLIDAYS, *_capitalised(DAY_WORDS)]) + "|"
             + _words(_capitalised(LEADS)) + rf"(?:\s+|-)(?:[0-9A-Z]|{_words(FOLLOWERS)})" + ")")
GATE = rf"(?:(?:[Tt]he\s+|{_words([*RELATIONS, *RANGE_OPEN], True)}\s+(?:[Tt]he\s+)?)?{HEAD}" \
       rf"|{_words(RELATIONS, True)}\s+the\s+{_words(SEASONS)}\b)"


def _branches(shapes: dict[str, str]) -> str:
    return "|".join(f"(?P<{name}>{_fill(pattern)})" for name, pattern in shapes.items())


_NAMED = f"{_branches(STRONG)}|{_branches(WEAK)}"
_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _NAMED)  # the same, for the two ends of a range
# Words of one expression stand on one line or on two, never across a paragraph break;
# the possessive quantifiers never give back spaces, as no word begins with one.
SPACE = r"(?:[^\S\n]++\n?+|\n)[^\S\n]*+"
# A separator before each expression (the text gets a leading space) lets re skip from
# one word to the next at C speed instead of trying the pattern at every character.
SEPARATOR = r"[\s(\[{\"'“‘”’«»—–/,.;:!?]"
_CORE = re.compile(_NAMED.replace(r"\s+", SPACE))
_PATTERN = re.compile((
    rf"{SEPARATOR}(?={GATE})(?:"
    rf"(?P<range>{TOKENS['RANGE_OPEN']}\s+(?P<range_a>{_PLAIN})\s+"
    rf"{TOKENS['RANGE_JOIN']}\s+(?P<range_b>{_PLAIN}))"
    rf"|(?:(?P<rel>{TOKENS['RELATION']})\s+)?"
    rf"(?:{_branches(STRONG)}|(?(rel)(?:{_branches(WEAK)})|(?!)))"  # WEAK only after a preposition
    r")(?![\w]|[.,][0-9])").replace(r"\s+", SPACE))


def find_times(text: str, published: dt.date | None) -> list[TimeMention]:
    """Every time expression in text, in text order, resolved against published."""
    mentions = []
    for m in _PATTERN.finditer(" " + text):
        relation = RELATIONS[_key(m["rel"]).lower()] if m["rel"] else "at"
        try:  # the shape's group closes last, so m.lastgroup names it
            if m.lastgroup == "range":
                period = _range(m, published)
            else:
                period = _READERS[m.lastgroup](m, published, relation)
        except (ValueError, OverflowError):  # 31 February, or a year before 1 or after 9999
            continue
        if period:  # offsets in the padded text: the match's first is the separator
            start, end = m.start(), m.end() - 1
            mentions.append(TimeMention(start, end, text[start:end], TimeInterval(*period),
                                        relation))
    return mentions


def _range(m: re.Match, published: dt.date | None) -> Period | None:
    """ "between 1999 and 2021": from the first end's start to the second end's end."""
    first, second = (_CORE.fullmatch(m.string, m.start(side), m.end(side))
                     for side in ("range_a", "range_b"))
    a = first and _READERS[first.lastgroup](first, published, "at")
    b = second and _READERS[second.lastgroup](second, published, "at")
    if not a or not b or b[1].date < a[0].date:
        return None
    return a[0], b[1]


# Periods.

def _day(day: dt.date) -> Period:
    return DateValue(day), DateValue(day)


def _days(first: dt.date, last: dt.date) -> Period:
    return DateValue(first), DateValue(last)


def _months(first: dt.date, last: dt.date) -> Period:
    """The months from first's to last's, whole."""
    end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return DateValue(first.replace(day=1), "month"), DateValue(end, "month")


def _month(year: int, month: int) -> Period:
    return _months(dt.date(year, month, 1), dt.date(year, month, 1))


def _years(first: int, last: int) -> Period:
    return DateValue(dt.date(first, 1, 1), "year"), DateValue(dt.date(last, 12, 31), "year")


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day months later (or earlier), or the month's last day where it has fewer."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _yearless(make, published: dt.date, relation: str) -> Period | None:
    """The period ``make(year)`` for the year that suits the relation: the latest that
    starts on or before publication, or after "until" the one that starts nearest to it."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(make(year))
        except ValueError:  # 29 February in a common year
            continue
    if relation == "until":
        return min(candidates, key=lambda p: abs(p[0].date - published), default=None)
    return max((p for p in candidates if p[0].date <= published), key=lambda p: p[0].date,
               default=None)


def _number(words: str) -> int:
    return int(words) if words.isdigit() else NUMBERS[_key(words).lower()]


def _span(published: dt.date, count: int, unit: str, sign: int) -> dt.date:
    """The day count units before (sign -1) or after (sign 1) publication."""
    if unit == "hour":
        return published + dt.timedelta(days=sign * -(-count // 24))
    if unit in DAY_UNIT_CODES:
        return published + dt.timedelta(days=sign * count * (1 if unit == "day" else 7))
    return _add_months(published, sign * count * MONTH_UNIT_CODES[unit])


def _calendar_unit(published: dt.date, offset: int, unit: str,
                   part: int | None = None) -> Period | None:
    """The week, weekend, month, year or decade offset units from publication's; a
    part (0 beginning, 1 middle, 2 end) narrows only a week, in days."""
    monday = published - dt.timedelta(days=published.weekday() - 7 * offset)
    if unit == "week":
        first, last = (0, 6) if part is None else ((0, 2), (1, 3), (3, 6))[part]
        return _days(monday + dt.timedelta(days=first), monday + dt.timedelta(days=last))
    if unit == "weekend":
        return _days(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
    if unit == "month":
        month = _add_months(published.replace(day=1), offset)
        return _months(month, month)
    if unit == "year":
        return _years(published.year + offset, published.year + offset)
    if unit == "decade":
        first = published.year // 10 * 10 + 10 * offset
        return _years(first, first + 9)
    return None  # "this day", "last hour": no calendar unit


def _weekday_near(published: dt.date, weekday: int, offset: int | None) -> dt.date:
    """The weekday's date: without a direction the latest on or before publication;
    after "last" (-1) strictly before, after "next" (1) strictly after, after "this" (0)
    in publication's week."""
    if offset is None:
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    if offset < 0:
        return published - dt.timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
    if offset > 0:
        return published + dt.timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    return published + dt.timedelta(days=weekday - published.weekday())


def _season(start_month: int, year: int) -> Period:
    """A season beginning in year: three months from its first."""
    first = dt.date(year, start_month, 1)
    return _months(first, _add_months(first, 2))


# Readers: one per shape, each (match, published, relation) -> Period, or None where the
# expression needs a publication date that is missing.

def _read_iso(m, published, relation):
    return _day(dt.date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])))


def _read_years(m, published, relation):
    first, last = int(m["years_a"]), int(m["years_b"])
    return _years(first, last) if first < last else None


def _day_month(day: str, month: str, year: str | None, published, relation):
    number, month_number = int(day), MONTHS[month.rstrip(".")]
    if year:
        return _day(dt.date(int(year), month_number, number))
    if published is None:
        return None
    return _yearless(lambda y: _day(dt.date(y, month_number, number)), published, relation)


def _read_dmy(m, published, relation):
    return _day_month(m["dmy_d"], m["dmy_m"], m["dmy_y"], published, relation)


def _read_mdy(m, published, relation):
    return _day_month(m["mdy_d"], m["mdy_m"], m["mdy_y"], published, relation)


def _month_of(month: str, year: str | None, published, relation):
    number = MONTHS[month.rstrip(".")]
    if year:
        return _month(int(year), number)
    if published is None:
        return None
    return _yearless(lambda y: _month(y, number), published, relation)


def _read_my(m, published, relation):
    return _month_of(m["my_m"], m["my_y"], published, relation)


def _read_part(m, published, relation):
    """Early/mid/late, the beginning/end of: a month or year stays whole; a week narrows."""
    if m["part_m"]:
        return _month_of(m["part_m"], m["part_my"], published, relation)
    if m["part_y"]:
        return _years(int(m["part_y"]), int(m["part_y"]))
    if published is None:
        return None
    offset = DIRECTIONS[m["part_dir"].lower()] if m["part_dir"] else 0
    part = PARTS[(m["part_adj"] or m["part_noun"]).lower()]
    return _calendar_unit(published, offset, UNITS[m["part_u"].lower()], part)


def _read_decade(m, published, relation):
    first = int(m["decade_y"])
    part = m["decade_part"]
    if part:
        first += 3 * PARTS[part.lower()]  # early, mid-, late 1990s: three years each
        return _years(first, first + 3)
    return _years(first, first + 9)


def _read_season_year(m, published, relation):
    return _season(SEASONS[m["sy_s"].lower()], int(m["sy_y"]))


def _read_season_rel(m, published, relation):
    """Last: the latest that has ended; this: the one under way or next; next: the next to begin."""
    if published is None:
        return None
    start = SEASONS[m["sr_s"].lower()]
    seasons = [_season(start, year) for year in range(published.year - 2, published.year + 2)]
    offset = DIRECTIONS[m["sr_dir"].lower()]
    if offset < 0:
        return max((s for s in seasons if s[1].date < published), key=lambda s: s[0].date)
    if offset == 0:
        return min((s for s in seasons if s[1].date >= published), key=lambda s: s[0].date)
    return min((s for s in seasons if s[0].date > published), key=lambda s: s[0].date)


def _read_holiday_rel(m, published, relation):
    """The day, week or month before or after a holiday; weeks and months to the month."""
    if published is None:
        return None
    month, day = HOLIDAYS[_key(m["hr_h"])]
    unit = UNITS[m["hr_u"].lower()]
    sign = 1 if RELATIONS[_key(m["hr_dir"]).lower()] == "after" else -1

    def make(year: int) -> Period:
        holiday = dt.date(year, month, day)
        if unit == "day":
            return _day(holiday + dt.timedelta(days=sign))
        near = holiday + dt.timedelta(days=sign)
        far = (holiday + dt.timedelta(days=7 * sign) if unit == "week"
               else _add_months(holiday, sign))
        return _months(min(near, far), max(near, far))

    return _yearless(make, published, relation)


def _read_month_rel(m, published, relation):
    """Last March: the latest March before publication's month; this: publication's year;
    next: the first after."""
    if published is None:
        return None
    month, offset = MONTHS[m["mr_m"]], DIRECTIONS[m["mr_dir"].lower()]
    year = published.year
    if offset < 0 and month >= published.month:
        year -= 1
    if offset > 0 and month <= published.month:
        year += 1
    return _month(year, month)


def _read_within(m, published, relation):
    """Earlier/later this week: the days up to or from publication; a month or year stays whole."""
    if published is None:
        return None
    unit = UNITS[m["wi_u"].lower()]
    if unit != "week":
        return _calendar_unit(published, 0, unit)
    week = _calendar_unit(published, 0, "week")
    if WITHIN[m["wi_dir"].lower()] < 0:
        return _days(week[0].date, published)
    return _days(published, week[1].date)


def _read_day_word(m, published, relation):
    if published is None:
        return None
    return _day(published + dt.timedelta(days=DAY_WORDS[_key(m["dw"]).lower()]))


def _read_rel_unit(m, published, relation):
    """A span back or ahead from publication ("the past two weeks", "the coming days"),
    or a calendar unit ("last week", "next month")."""
    if published is None:
        return None
    direction, unit = m["ru_dir"].lower(), UNITS[m["ru_u"].lower()]
    if unit in ("day", "hour") and not (m["ru_n"] or m["ru_pl"]):
        return None  # "the next day" counts from the story, not from publication
    if not (m["ru_n"] or m["ru_pl"] or direction in SPAN
            or (m["ru_the"] and direction in SPAN_AFTER_ARTICLE)):
        return _calendar_unit(published, DIRECTIONS[direction], unit)
    if DIRECTIONS[direction] == 0:  # "this two weeks" names nothing
        return None
    count = _number(m["ru_n"]) if m["ru_n"] else PLURAL_COUNT if m["ru_pl"] else 1
    if DIRECTIONS[direction] > 0:
        return _days(published, _span(published, count, unit, 1))
    return _days(_span(published, count, unit, -1), published)


def _read_recent(m, published, relation):
    """In recent weeks: the past few weeks."""
    if published is None:
        return None
    return _days(_span(published, PLURAL_COUNT, UNITS[m["rc_u"].lower()], -1), published)


def _read_ago(m, published, relation):
    """Two days ago is a day; two months ago a month; two years ago a year."""
    if published is None:
        return None
    count, unit = _number(m["ago_n"]), UNITS[m["ago_u"].lower()]
    then = _span(published, count, unit, -1)
    if unit in ("year", "decade"):
        return _years(then.year, then.year)
    return _months(then, then) if unit == "month" else _day(then)


def _read_weekday(m, published, relation):
    if published is None:
        return None
    weekday = WEEKDAYS[m["wd"]]
    if m["wd_week"]:  # "Friday last week": that day in the named week
        monday = published - dt.timedelta(days=published.weekday())
        return _day(monday + dt.timedelta(days=7 * DIRECTIONS[m["wd_after"].lower()] + weekday))
    direction = m["wd_dir"] or m["wd_after"]
    if direction is None and relation == "until":
        back, ahead = _weekday_near(published, weekday, None), _weekday_near(published, weekday, 1)
        return _day(back if published - back <= ahead - published else ahead)
    offset = DIRECTIONS[direction.lower()] if direction else None
    return _day(_weekday_near(published, weekday, offset))


def _read_year(m, published, relation):
    year = int(m["yr_y"] or m["by_y"] or m["ty_y"])
    return _years(year, year)


def _read_month(m, published, relation):
    return _month_of(m["mo_m"], None, published, relation)


def _read_holiday(m, published, relation):
    if published is None:
        return None
    month, day = HOLIDAYS[_key(m["ho_h"])]
    return _yearless(lambda y: _day(dt.date(y, month, day)), published, relation)


def _read_season(m, published, relation):
    """"During the spring": the latest one begun by publication, as for a yearless month."""
    if published is None:
        return None
    return _yearless(lambda y: _season(SEASONS[m["se_s"].lower()], y), published, relation)


_READERS = {
    "iso": _read_iso, "years": _read_years, "dmy": _read_dmy, "mdy": _read_mdy, "my": _read_my,
    "part": _read_part, "decade": _read_decade, "season_year": _read_season_year,
    "season_rel": _read_season_rel, "holiday_rel": _read_holiday_rel, "month_rel": _read_month_rel,
    "within": _read_within, "day_word": _read_day_word, "rel_unit": _read_rel_unit,
    "recent": _read_recent, "ago": _read_ago, "weekday": _read_weekday,
    "bracket_year": _read_year, "the_year": _read_year, "month": _read_month, "year": _read_year, "holiday": _read_holiday,
    "season": _read_season,
}
