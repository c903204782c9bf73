"""Glued syllables (a text layer that lost a space) written apart, and nothing else."""

from __future__ import annotations

import pytest

from pipeline.core.syllables import is_syllable, split_glued, unglue

KNOWN = frozenset("thuc hien ke hoach cai cach cong tac phap luat chinh quy ban hanh giam sat uy cua cac".split())


@pytest.mark.parametrize("word", ["thuc", "nguoi", "quyet", "hoach", "khuyen", "nghiep", "giua", "xa", "uy", "ong",
                                  "huynh", "ngoai", "thanh", "duong", "yeu"])
def test_real_syllables_are_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["thuchien", "papi", "ubnd", "covid", "dak", "thuch", "caic"])
def test_glued_words_acronyms_and_names_are_not(word):
    assert not is_syllable(word)


@pytest.mark.parametrize("token, parts", [("thuchien", ("thuc", "hien")), ("hoachcai", ("hoach", "cai")),
                                          ("congtac", ("cong", "tac")), ("luattren", ("luat", "tren")),
                                          ("giamsat", ("giam", "sat")), ("uyban", ("uy", "ban")),
                                          ("thuchienke", ("thuc", "hien", "ke"))])
def test_a_glued_token_splits_into_its_syllables(token, parts):
    assert split_glued(token, KNOWN) == parts


@pytest.mark.parametrize("token", ["papi", "vincom", "teuyen", "thuc", "2024", "pheduyet"])
def test_acronyms_names_ocr_misspellings_and_unknown_words_stay_whole(token):
    # "teuyền" is OCR's "truyền" (fuzzy matching reads it); "phêduyệt" has no syllable the caller knows
    assert split_glued(token, KNOWN) is None


def test_unglue_keeps_every_other_word():
    assert unglue("ke hoach kiem tra congtac cai cach papi 2024", KNOWN) == "ke hoach kiem tra cong tac cai cach papi 2024"


def test_letter_spaced_headings_are_written_whole():
    """A heading set with wide character spacing comes out of a text layer or OCR one letter at a time."""
    from pipeline.core.syllables import join_letter_spacing

    known = frozenset({"ban", "hanh", "ke", "hoach"})
    # wider gaps between the words are the word breaks
    assert join_letter_spacing("Q U Y Ế T  Đ Ị N H") == "QUYẾT ĐỊNH"
    # even gaps: the fewest syllables, consonant onsets, known syllables, then the longer first
    assert join_letter_spacing("K Ế H O Ạ C H") == "KẾ HOẠCH"
    assert join_letter_spacing("V Ề V I Ệ C B A N H À N H", known) == "VỀ VIỆC BAN HÀNH"
    assert join_letter_spacing("T H Ự C H I Ệ N") == "THỰC HIỆN"
    assert join_letter_spacing("X Ã A N P H Ú") == "XÃ AN PHÚ"
    # the year the same spacing left one digit at a time
    assert join_letter_spacing("C ả i c á c h h à n h c h í n h n ă m 2 0 2 4") == "Cải cách hành chính năm 2024"


def test_what_spells_no_syllables_or_is_too_short_stays_spaced():
    from pipeline.core.syllables import join_letter_spacing

    for line in ("U B N D", "a b c", "l l i i", "ngày 5 tháng 3 năm 2024", "Điều 1. a) b) c) d)"):
        assert join_letter_spacing(line) == line
