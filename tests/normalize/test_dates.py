from __future__ import annotations

from datetime import datetime, timezone

import pytest

from scraper.normalize.dates import date_in_line, parse_date

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tue Aug 22, 2017 1:35PM", "2017-08-22T13:35:00"),
        ("14 November 2022", "2022-11-14T00:00:00"),
        ("June 9, 2021", "2021-06-09T00:00:00"),
        ("2019-03-03T09:15Z", "2019-03-03T09:15:00+00:00"),
        ("Published: 03/04/2021 09:12 EST", "2021-03-04T09:12:00-05:00"),
        ("03.05.2023, 16:45 Uhr", "2023-05-03T16:45:00"),
        ("Tue Jul 17 14:22:09 EDT 2001", "2001-07-17T14:22:09-04:00"),
        ("7:00 a.m. UTC Jan. 18, 2024", "2024-01-18T07:00:00+00:00"),
        ("Mon, 12 Mar 2018 10:00:00 +0100", "2018-03-12T10:00:00+01:00"),
        ("12 de marzo de 2021", "2021-03-12T00:00:00"),
        ("Updated: 25/12/2020", "2020-12-25T00:00:00"),
        ("March 3, 2021 8:00 AM ET", "2021-03-03T08:00:00"),
        ("01-11-2023 10:29", "2023-11-01T10:29:00"),
        ("Posted 03/04/2021", "2021-03-04T00:00:00"),
    ],
)
def test_date_lines_become_iso_8601(line: str, iso: str) -> None:
    assert date_in_line(line, NOW) == iso


@pytest.mark.parametrize(
    "line",
    [
        "Updated 5 hours ago",
        "Syria peace talks in 2017 postponed",
        "2012",
        "1 of 2017",
        "Page 3 of 12",
        "The 2019 season opener drew 40,000 fans on June 9.",
        "Call 555-1234 today",
        "Aug 22, 2099",
        "Februar 2020",
        "Posted: March 2019",
        "Jan. 2021",
    ],
)
def test_lines_that_are_not_dates(line: str) -> None:
    assert date_in_line(line, NOW) is None


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("31 February 2020") is None
    assert parse_date("no date here") is None
