from decimal import Decimal

import pytest

from pipeline.output.cells import (
    as_number,
    cell_value,
    escape_text,
    fmt_number,
    fmt_score,
    round_half_up,
    unescape_text,
)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                  "\t=1", "\n=1", "\uff1d1+1"])
def test_formula_starts_are_escaped_and_round_trip(text):
    escaped = escape_text(text)
    assert escaped == "'" + text
    assert unescape_text(escaped) == text


def test_leading_cr_is_escaped_as_ooxml_not_kept_raw():
    assert escape_text("\r=1") == "_x000D_=1"  # no raw CR (XML turns it into LF), no formula start
    assert unescape_text("_x000D_=1") == "\r=1"


@pytest.mark.parametrize("text", ["Kế hoạch cải cách hành chính năm 2018", "05/KH-UBND", "a=b"])
def test_harmless_text_is_unchanged(text):
    assert escape_text(text) == text
    assert unescape_text(text) == text


def test_numbers_stay_numbers():
    assert cell_value(4) == 4 and isinstance(cell_value(4), int)
    assert cell_value(2.5) == 2.5
    assert cell_value(-1) == -1  # a negative number is a number, not a formula
    assert cell_value(True) == "True"
    assert cell_value(None) is None
    assert cell_value("-1") == "'-1"  # the same as text from a document is escaped


def test_number_formatting_like_the_seed_report():
    assert fmt_number(80.0) == "80"
    assert fmt_number(Decimal("80.0")) == "80"
    assert fmt_number(86.7) == "86.7"
    assert fmt_number(12.5) == "12.5"
    assert fmt_number(None) == ""
    assert fmt_score(20, 25) == "20/25"
    assert fmt_score(92.0, 100) == "92/100"
    assert as_number(Decimal("93.0")) == 93 and isinstance(as_number(Decimal("93.0")), int)


def test_round_half_up_is_exact():
    assert round_half_up(84.65, 1) == Decimal("84.7")  # float 84.65 is 84.64999...: Decimal(str()) keeps it
    assert round_half_up(Decimal("72.85"), 1) == Decimal("72.9")
    assert round_half_up(Decimal("0.05"), 1) == Decimal("0.1")


@pytest.mark.parametrize("text", ["'quoted", "''", "'=x", "bao\x07cao.pdf", "\x1b[31m", "a\rb", "_x0041_ literal",
                                  "_x005F_x0041_", "\x00"])
def test_apostrophes_and_control_characters_round_trip(text):
    escaped = escape_text(text)
    assert unescape_text(escaped) == text
    assert not any(ord(ch) < 32 and ch not in "\t\n" for ch in escaped)


def test_control_characters_can_be_saved_by_openpyxl(tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    wb.active["A1"] = cell_value("bao\x07cao\r.pdf")
    wb.save(tmp_path / "c.xlsx")
    value = load_workbook(tmp_path / "c.xlsx").active["A1"].value
    assert value == "bao_x0007_cao_x000D_.pdf" and unescape_text(value) == "bao\x07cao\r.pdf"
