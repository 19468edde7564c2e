import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from sitrep.extract.timex import find_times

TUESDAY = dt.date(2022, 2, 15)  # the publication date unless a row says otherwise


def only(text, published=TUESDAY):
    """The one time expression in text."""
    mentions = find_times(text, published)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


# sentence, published, start, start precision, relation, end (None: not checked)
FORMS = [
    # absolute
    ("They met on 2 February 1990 in Bonn.", TUESDAY, "1990-02-02", "day", "at", "1990-02-02"),
    ("On 26. January 1990 the talks began.", TUESDAY, "1990-01-26", "day", "at", "1990-01-26"),
    ("The treaty was initialled on 17. May 1990.", TUESDAY, "1990-05-17", "day", "at", None),
    ("It was signed February 2, 1990, in Ottawa.", TUESDAY, "1990-02-02", "day", "at", None),
    ("Elections were held May 1, 1990.", TUESDAY, "1990-05-01", "day", "at", None),
    ("They met on Feb. 2 in Brussels.", TUESDAY, "2022-02-02", "day", "at", None),
    ("The ceasefire collapsed in February 2015.", TUESDAY, "2015-02", "month", "at", "2015-02"),
    ("January 1994 brought the Partnership for Peace.", TUESDAY, "1994-01", "month", "at", None),
    ("Russian troops left in 1997.", TUESDAY, "1997", "year", "at", "1997"),
    ("Leaders met at the June 2021 NATO summit.", TUESDAY, "2021-06", "month", "at", None),
    ("He spoke at the 2007 Munich Security Conference.", TUESDAY, "2007", "year", "at", "2007"),
    ("The buildup began in October 2021.", TUESDAY, "2021-10", "month", "at", None),
    ("The order is dated 2021-10-05.", TUESDAY, "2021-10-05", "day", "at", "2021-10-05"),
    ("NATO admitted Montenegro (2017).", TUESDAY, "2017", "year", "at", "2017"),
    ("The alliance grew in the 1990s.", TUESDAY, "1990", "year", "at", "1999"),
    ("The 1950s were different.", TUESDAY, "1950", "year", "at", "1959"),
    ("Talks were held in the summer of 1993.", TUESDAY, "1993-06", "month", "at", "1993-08"),
    ("Plans existed as early as October 1993.", TUESDAY, "1993-10", "month", "at", None),
    ("Soldiers stayed as late as 2000.", TUESDAY, "2000", "year", "at", None),
    ("Between 1999 and 2021 the alliance grew.", TUESDAY, "1999", "year", "at", "2021"),
    ("The mission ran from 2014 to 2016.", TUESDAY, "2014", "year", "at", "2016"),
    ("The 2014–2016 mission ended.", TUESDAY, "2014", "year", "at", "2016"),
    ("They met on Tuesday, February 15, 2022.", None, "2022-02-15", "day", "at", None),
    ("Countries that joined after May 1997 count.", TUESDAY, "1997-05", "month", "after", None),
    ("Nobody expected it before 2014.", TUESDAY, "2014", "year", "before", None),
    # a month or day without a year: the latest on or before publication
    ("Troops arrived in mid-December.", TUESDAY, "2021-12", "month", "at", "2021-12"),
    ("At the end of January talks failed.", TUESDAY, "2022-01", "month", "at", None),
    ("Troops arrived in October.", TUESDAY, "2021-10", "month", "at", "2021-10"),
    ("They met on 14 February.", TUESDAY, "2022-02-14", "day", "at", None),
    ("Starting in October, troops moved west.", TUESDAY, "2021-10", "month", "since", None),
    ("Since the end of January, troops moved.", TUESDAY, "2022-01", "month", "since", None),
    ("They reached the camp in early March.", dt.date(2022, 4, 10), "2022-03", "month", "at", None),
    ("They reached the camp in late March.", dt.date(2022, 4, 10), "2022-03", "month", "at", None),
    ("They reached the camp by mid-March.", dt.date(2022, 4, 10), "2022-03", "month", "until", None),
    # after "until" the nearest, which may lie ahead
    ("The drills last until March.", TUESDAY, "2022-03", "month", "until", None),
    ("The drills run until 20 February.", TUESDAY, "2022-02-20", "day", "until", None),
    # relative to publication
    ("Today the ministry said so.", TUESDAY, "2022-02-15", "day", "at", "2022-02-15"),
    ("Yesterday the ministry said so.", TUESDAY, "2022-02-14", "day", "at", None),
    ("Tomorrow the talks begin.", TUESDAY, "2022-02-16", "day", "at", None),
    ("Officials said on Tuesday that troops left.", TUESDAY, "2022-02-15", "day", "at", None),
    ("They met last Friday.", TUESDAY, "2022-02-11", "day", "at", None),
    ("They will meet next Tuesday.", TUESDAY, "2022-02-22", "day", "at", None),
    ("They will meet on Tuesday next.", TUESDAY, "2022-02-22", "day", "at", None),
    ("They met on Friday last week.", TUESDAY, "2022-02-11", "day", "at", None),
    ("He had arrived the previous day.", TUESDAY, "2022-02-14", "day", "at", None),
    ("He had arrived the day before.", TUESDAY, "2022-02-14", "day", "at", None),
    ("They met last week.", TUESDAY, "2022-02-07", "day", "at", "2022-02-13"),
    ("At the end of last week it was cold.", dt.date(2022, 1, 31), "2022-01-27", "day", "at", "2022-01-30"),
    ("They meet next week.", TUESDAY, "2022-02-21", "day", "at", "2022-02-27"),
    ("Later this week they meet.", TUESDAY, "2022-02-15", "day", "at", "2022-02-20"),
    ("They met last month.", TUESDAY, "2022-01", "month", "at", "2022-01"),
    ("Earlier this month talks failed.", TUESDAY, "2022-02", "month", "at", None),
    ("They met last year.", TUESDAY, "2021", "year", "at", "2021"),
    ("This year is different.", TUESDAY, "2022", "year", "at", None),
    ("They met last spring.", TUESDAY, "2021-03", "month", "at", "2021-05"),
    ("They will meet this spring.", TUESDAY, "2022-03", "month", "at", "2022-05"),
    ("They met last autumn.", TUESDAY, "2021-09", "month", "at", "2021-11"),
    ("They met last fall.", TUESDAY, "2021-09", "month", "at", "2021-11"),
    ("They met last winter.", TUESDAY, "2020-12", "month", "at", "2021-02"),
    ("Troops moved during the spring exercises.", dt.date(2021, 11, 12), "2021-03", "month", "at", "2021-05"),
    ("Troops moved in the autumn.", TUESDAY, "2021-09", "month", "at", "2021-11"),
    ("In the past two weeks troops arrived.", TUESDAY, "2022-02-01", "day", "at", "2022-02-15"),
    ("In the last two weeks troops arrived.", TUESDAY, "2022-02-01", "day", "at", "2022-02-15"),
    ("Over the past few days troops arrived.", TUESDAY, "2022-02-12", "day", "at", "2022-02-15"),
    ("In recent days troops arrived.", TUESDAY, "2022-02-12", "day", "at", "2022-02-15"),
    ("In recent weeks troops arrived.", TUESDAY, "2022-01-25", "day", "at", "2022-02-15"),
    ("More may come in the coming weeks.", TUESDAY, "2022-02-15", "day", "at", "2022-03-08"),
    ("It happened three days ago.", TUESDAY, "2022-02-12", "day", "at", None),
    ("It happened a week ago.", TUESDAY, "2022-02-08", "day", "at", None),
    ("It happened two months ago.", TUESDAY, "2021-12", "month", "at", None),
    ("It happened two years ago.", TUESDAY, "2020", "year", "at", "2020"),
    ("They met in the week before the New Year.", TUESDAY, "2021-12", "month", "at", None),
    ("They met at the beginning of November.", TUESDAY, "2021-11", "month", "at", None),
    ("They met on New Year's Eve.", TUESDAY, "2021-12-31", "day", "at", None),
    ("Since 2017 troops have trained there.", TUESDAY, "2017", "year", "since", None),
    ("Since October troops have trained there.", TUESDAY, "2021-10", "month", "since", None),
]


@pytest.mark.parametrize("text,published,start,precision,relation,end", FORMS,
                         ids=[row[0] for row in FORMS])
def test_forms(text, published, start, precision, relation, end):
    mention = only(text, published)
    assert (mention.interval.start.iso(), mention.interval.start.precision, mention.relation) == (
        start, precision, relation)
    if end is not None:
        assert mention.interval.end.iso() == end


def test_the_span_covers_the_preposition_and_keeps_the_offsets():
    text = "Troops have trained there since 2017, officials said on Tuesday."
    assert [(m.text, text[m.start:m.end]) for m in find_times(text, TUESDAY)] == [
        ("since 2017", "since 2017"), ("on Tuesday", "on Tuesday")]


def test_a_sentence_with_several_times_gives_them_in_text_order():
    text = "Troops came in October, left last week and will return next year."
    assert [m.text for m in find_times(text, TUESDAY)] == ["in October", "last week", "next year"]


@pytest.mark.parametrize("text", [
    "The 41st Combined Arms Army moved west.",
    "Some 1,000 troops arrived at the camp.",
    "The camp lies 300 kilometers from the border.",
    "Minsk II was never implemented.",
    "The 2+4 Treaty settled the matter.",
    "May I ask a question?",
    "They march towards the border.",
    "August said nothing more.",
    "The next day he left.",
    "He left the day before the invasion.",
    "The convoy moved at 1900 GMT.",
    "The 300 tanks stayed put.",
    "Nobody knew what march they meant.",
    "Everything changed after the fall of Kabul.",
    "The spring offensive stalled.",
])
def test_never_a_time(text):
    assert find_times(text, TUESDAY) == []


def test_without_a_publication_date_relative_forms_are_skipped():
    text = "Yesterday and on Tuesday, last week, in October and on 14 February troops moved."
    assert find_times(text, None) == []


def test_without_a_publication_date_absolute_forms_still_resolve():
    text = "Troops left in 1997, met on 2 February 1990, on 2021-10-05 and between 1999 and 2021."
    assert [(m.text, m.interval.start.iso()) for m in find_times(text, None)] == [
        ("in 1997", "1997"), ("on 2 February 1990", "1990-02-02"), ("on 2021-10-05", "2021-10-05"),
        ("between 1999 and 2021", "1999")]


def test_an_impossible_date_is_no_time():
    assert find_times("It was signed on 31 February 1990.", TUESDAY) == []


def test_a_range_that_runs_backwards_is_no_time():
    assert find_times("The mission ran from 2016 to 2014.", TUESDAY) == []


def _check(text, published):
    mentions = find_times(text, published)
    assert mentions == find_times(text, published)
    previous_end = 0
    for m in mentions:
        assert previous_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.relation in ("at", "since", "until", "before", "after")
        start, end = m.interval.start, m.interval.end
        if start and end:
            assert start.date <= end.date
        previous_end = m.end


FRAGMENTS = ["in", "on", "since", "until", "between", "and", "from", "to", "the", "last", "next",
             "this", "past", "early", "mid-", "end of", "two", "a few", "days", "weeks", "year",
             "ago", "March", "May", "Feb.", "29", "31", "2.", "1990", "2099", "1800", "1990s",
             "Tuesday", "yesterday", "New Year's Eve", "week before the", "spring", "(", ")",
             ",", "-", "2021-02-29", "recent", "earlier this month"]
PUBLISHED = st.none() | st.dates()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), PUBLISHED)
def test_any_text_gives_spans_inside_it(text, published):
    _check(text, published)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join), PUBLISHED)
def test_time_words_in_any_order_give_spans_inside_the_text(text, published):
    _check(text, published)


def test_a_million_characters_finish():
    sentence = ("Officials said on Tuesday that 1,000 troops of the 41st Combined Arms Army had "
                "arrived near Yelnya, 300 kilometers from the border, in mid-December. ")
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    assert len(find_times(text, TUESDAY)) > 10_000
    assert isinstance(find_times(text.replace(" ", ""), TUESDAY), list)
    assert find_times("in " * 333_333, TUESDAY) == []
