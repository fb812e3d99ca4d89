"""Dates are written in EDTF once and shown as a person would say them."""

import pytest

from mkdossier import dates

WORDING = [
    ("2022-09-05", "5 September 2022"),
    ("2023-06", "June 2023"),
    ("2023", "2023"),
    ("2022-11-01/2022-11-10", "early November 2022"),
    ("2022-11-11/2022-11-20", "mid-November 2022"),
    ("2023-07-21/2023-07-31", "late July 2023"),
    ("2023-09-10/2023-09-13", "10–13 September 2023"),
    ("2023-06-01/2023-06-30", "June 2023"),
    ("2023-08-21/2023-09-11", "21 August – 11 September 2023"),
    ("2022-12-30/2023-01-02", "30 December 2022 – 2 January 2023"),
    ("2023~", "c. 2023"),
    ("2023-09?", "September 2023 (uncertain)"),
    ("2023-09%", "c. September 2023 (uncertain)"),
    ("2023-09-11/..", "from 11 September 2023 (end unknown)"),
    ("../2023-09-11", "until 11 September 2023 (start unknown)"),
    ("2023-21", "spring 2023"),  # a season, read by the edtf library
    ("198X", "the 1980s"),
    ("2023-09/2023-12", "late 2023"),
    ("../2019", "before 2020"),
]


@pytest.mark.parametrize("written, shown", WORDING)
def test_wording(written, shown):
    assert dates.describe(dates.parse(written)) == shown


@pytest.mark.parametrize("written, reason", [
    ("2023-02-30", "not a valid EDTF date"),
    ("yesterday", "not a valid EDTF date"),
    ("2023-09-13/2023-09-10", "the end is before the start"),
    ("../..", "an interval needs at least one known end"),
])
def test_unreadable_dates_say_why(written, reason):
    with pytest.raises(dates.DateError, match=reason):
        dates.parse(written)


def test_sorting_uses_bounds_not_the_string():
    written = ["2023-06", "2022-11-01/2022-11-10", "2023~", "2022-11", "2023-06-15", "2023-09-11/.."]
    ordered = sorted(written, key=lambda t: dates.parse(t).sort_key)
    # earliest possible day first, then the latest: a whole year starts on 1 January
    assert ordered == ["2022-11-01/2022-11-10", "2022-11", "2023~", "2023-06", "2023-06-15", "2023-09-11/.."]


def _read(text):
    try:
        return dates.parse(text)
    except dates.DateError as error:
        return str(error)


@pytest.mark.parametrize("written", [
    "2022-09-05", "2023-06", "2023", "2023~", "2023-09?", "2023-09%", "2024-02", "1999-12-31?",
    "2022-11-01/2022-11-10", "2023-09-11/..", "../2023-09-11", "2023-02-30", "2023-13", "2023-00-10",
    "201X", "20XX", "2019-XX", "2019-05-XX", "2019-XX-XX", "2019-02-XX", "2020-02-XX", "2019-XX-05",
    "201X/2023", "2019-XX?", "2019-05-XX~", "201X~", "2019-13-XX", "2019-00", "2019-05-00",
])
def test_fast_path_agrees_with_the_edtf_library(written, monkeypatch):
    """Plain dates skip the edtf parser for speed; they must read the same."""
    fast = _read(written)
    monkeypatch.setattr(dates, "_plain", lambda text: None)  # everything through the library
    dates._parse.cache_clear()
    try:
        assert _read(written) == fast
    finally:
        dates._parse.cache_clear()
