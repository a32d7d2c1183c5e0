"""The metadata evaluation's rules on small hand-made cases: what counts as the right title,
author and date, and how an expected-empty truth is judged."""

from __future__ import annotations

import pytest

from scraper.eval.metadata_run import EMPTY, VALUE, judge
from scraper.eval.metadata_scoring import (
    authors_right,
    date_right,
    day_of,
    person_names,
    title_overlap,
    title_right,
    title_words,
)


def test_title_words_are_lowercased_and_cjk_characters_count_singly() -> None:
    assert title_words("Hello, WORLD! hello") == {"hello", "world"}
    assert title_words("東京大学 news") == {"東", "京", "大", "学", "news"}


@pytest.mark.parametrize(
    ("extracted", "truth", "overlap"),
    [
        ("Council approves budget", "council approves budget!", 1.0),
        ("Council approves budget | Daily Planet", "Council approves budget", 3 / 5),
        ("Council approves budget | Planet", "Council approves budget", 3 / 4),
        ("Council approves new city budget", "Council approves new town budget", 4 / 5),
        ("Budget", "Council approves budget", 1 / 3),
        ("", "Council approves budget", 0.0),
    ],
)
def test_title_overlap_divides_by_the_larger_word_set(
    extracted: str, truth: str, overlap: float
) -> None:
    assert title_overlap(extracted, truth) == pytest.approx(overlap)
    assert title_right(extracted, truth) is (overlap >= 0.8)


def test_no_title_is_never_right() -> None:
    assert not title_right(None, "Council approves budget")


def test_a_truth_of_several_lines_is_matched_by_any_one_line() -> None:
    truth = "City News\nCouncil approves budget\nSchools and roads get more money"
    assert title_right("Council approves budget", truth)
    assert title_right("Schools and roads get more money", truth)
    assert not title_right("Council approves budget for schools", truth)


def test_names_split_at_the_separators_truths_and_trafilatura_use() -> None:
    assert person_names("Benjamin Fischer und Marcus Theurer") == {
        "benjamin fischer",
        "marcus theurer",
    }
    assert person_names("Jane Doe; John Roe") == {"jane doe", "john roe"}
    assert person_names(["E. BARRENECHE / J. I. DA SILVA"]) == {"e barreneche", "j i da silva"}
    assert person_names("By Nathan Willis\n   March 25, 2015") == {
        "nathan willis",
        "march 25",
        "2015",
    }
    assert person_names("Bradley M. Kuhn (http://ebb.org/bkuhn/)") == {"bradley m kuhn"}


@pytest.mark.parametrize(
    ("extracted", "truth", "right"),
    [
        (["Marcus Theurer"], "Benjamin Fischer und Marcus Theurer", True),
        (["Jane Doe; John Roe"], "John Roe", True),
        (["José Miguel Wilson"], "Isabel Caro, JOSE MIGUEL WILSON", True),
        (["Von Roland Brockmann"], ["Roland Brockmann", "Sebastian Drescher"], True),
        (["Prof. Dr. Rainer Quitzow"], "Dr. Rainer Quitzow", True),
        (["Marcus"], "Marcus Theurer", False),
        (["Marcus Theurer Redaktion"], "Marcus Theurer", False),
        ([], "Marcus Theurer", False),
    ],
)
def test_authors_right_when_one_true_person_is_extracted(
    extracted: list[str], truth: str | list[str], right: bool
) -> None:
    assert authors_right(extracted, truth) is right


@pytest.mark.parametrize(
    ("extracted", "truth", "right"),
    [
        ("2021-03-04", "2021-03-04", True),
        ("2021-03-04T23:30:00-05:00", "2021-03-05T04:30:00+00:00", True),
        ("2021-03-03", "2021-03-04", True),
        ("2021-03-05", "2021-03-04", True),
        ("2021-03-06", "2021-03-04", False),
        ("2020-03-04", "2021-03-04", False),
        ("2022-11-01T10:00", "2022-11-1", True),
        ("2022-01-26", "2022-01.26", True),
        (None, "2021-03-04", False),
        ("March 2021", "2021-03-04", False),
    ],
)
def test_dates_right_on_the_same_day_or_one_day_off(
    extracted: str | None, truth: str, right: bool
) -> None:
    assert date_right(extracted, truth) is right


def test_an_impossible_date_names_no_day() -> None:
    assert day_of("2021-13-45") is None


def test_judge_counts_expected_empty_apart_and_skips_fields_without_truth() -> None:
    truth = {"title": "Council approves budget", "author": "", "date": None}
    nothing = {"title": None, "authors": [], "date": None}
    assert judge(truth, nothing, ("title", "authors", "date")) == {
        "title": (VALUE, False),
        "authors": (EMPTY, True),
    }
    found = {"title": "Council approves budget", "authors": ["Jane Doe"], "date": "2021-03-04"}
    assert judge(truth, found, ("title", "authors", "date")) == {
        "title": (VALUE, True),
        "authors": (EMPTY, False),
    }
    assert judge(truth, found, ("date",)) == {}
