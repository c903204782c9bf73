"""Period detection, the one home (pipeline/read/periods.py): what the header reader, matching
and dedupe all ask."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.normalize import match_forms
from pipeline.read.periods import (
    parse_period,
    period_by_date_over_numeral,
    period_syllables,
    restore_quarter_numerals,
)


@pytest.mark.parametrize(
    "title, period",
    [
        ("Báo cáo CCHC quý I năm 2018", "Q1"),
        ("Báo cáo công tác CCHC quý 1 năm 2018", "Q1"),
        ("Bao cao cai cach hanh chinh quy l nam 2018", "Q1"),
        ("Báo cáo quý một năm 2018", "Q1"),
        # quý II is written in June with the 6-month report; quý IV with the year's
        ("Báo cáo CCHC quý II năm 2018", "H1"),
        ("Báo cáo CCHC quý III năm 2018", "Q3"),
        ("Báo cáo CCHC quý IV năm 2018", "Y"),
        ("Báo cáo kết quả CCHC 6 tháng đầu năm 2018", "H1"),
        ("Báo cáo sáu tháng đầu năm", "H1"),
        ("Báo cáo 6 tháng cuối năm 2018", None),
        ("Báo cáo 06 tháng cuối năm 2018", None),
        ("Báo cáo 6 tháng đầu năm và phương hướng 6 tháng cuối năm", "H1"),
        ("Báo cáo 9 tháng năm 2018", "Q3"),
        ("Báo cáo sơ kết 06 tháng đầu năm 2018", "H1"),
        ("Báo cáo sơ kết o6 tháng đầu năm 2018", "H1"),  # OCR's o for 0
        ("Báo cáo CCHC 09 tháng đầu năm và nhiệm vụ quý IV năm 2018", "Q3"),
        ("Báo cáo 12 tháng năm 2018", "Y"),
        ("Báo cáo kết quả CCHC năm 2018", "Y"),
        ("Báo cáo tổng kết cả năm", "Y"),
        ("Kế hoạch kiểm tra", None),
        ("Kế hoạch năm học mới", None),  # "năm" of "năm học" is no year
        ("Báo cáo", None),
        (None, None),
        # OCR noise on the numeral
        ("Báo cáo kết quả công tác cải cách hành chính quý IHI năm 2018", "Q3"),  # the middle I as H
        ("Báo cáo CCHC quý TII năm 2018", "Q3"),
        # "quy hoạch" is no quarter
        ("Báo cáo tình hình thực hiện quy hoạch sử dụng đất năm 2018", "Y"),
    ],
)
def test_parse_period(title: str | None, period: str | None) -> None:
    assert parse_period(title) == period


def test_period_syllables_are_only_the_period_words():
    syl = match_forms("Báo cáo CCHC 6 tháng đầu năm 2018")[1].split()
    assert period_syllables(syl) == {"6", "thang", "dau", "nam"}
    assert period_syllables(match_forms("Báo cáo CCHC quý I năm 2018")[1].split()) == {"quy", "i"}
    assert period_syllables("ke hoach quy hoach".split()) == frozenset()


def test_quarter_numerals_written_back():
    assert restore_quarter_numerals("Báo cáo CCHC quý l năm 2018") == "Báo cáo CCHC quý I năm 2018"
    assert restore_quarter_numerals("Báo cáo quý TII") == "Báo cáo quý III"
    assert restore_quarter_numerals("Báo cáo quý 1") == "Báo cáo quý 1"


@pytest.mark.parametrize("title, date, want", [
    ("Báo cáo CCHC quý II năm 2018", dt.date(2018, 9, 18), "Q3"),  # dated when Q3 is written: a lost I
    ("Báo cáo CCHC quý II năm 2018", dt.date(2018, 6, 18), None),  # dated when H1 is written: as read
    ("Báo cáo CCHC quý III năm 2018", dt.date(2018, 9, 18), None),
    ("Báo cáo CCHC quý I năm 2018", dt.date(2018, 6, 15), "H1"),
    ("Báo cáo CCHC quý II năm 2018", dt.date(2018, 8, 2), None),  # neither window: as read
    ("Báo cáo CCHC 6 tháng năm 2018", dt.date(2018, 9, 18), None),  # words, not a numeral: as written
    ("Báo cáo CCHC quý II năm 2018", None, None),
])
def test_a_slipped_quarter_numeral_is_decided_by_the_date(title, date, want):
    found = period_by_date_over_numeral(match_forms(title)[1], date)
    assert (found[0] if found else None) == want
    if found:
        assert date.strftime("%d/%m/%Y") in found[1]


def test_a_quarter_glued_to_the_year_word():
    """A text layer lost the space: "quý 1năm 2023" is the first quarter's report."""
    from pipeline.read.periods import parse_period, period_by_date_over_numeral

    assert parse_period("Báo cáo kết quả thực hiện cải cách hành chính quý 1năm 2023") == "Q1"
    assert period_by_date_over_numeral("bao cao cai cach hanh chinh quy 1nam 2023", dt.date(2023, 9, 15)) is None
