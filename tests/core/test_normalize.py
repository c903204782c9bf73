import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipeline.core.normalize import (
    VI_LOWER,
    VI_UPPER,
    expand_abbreviations,
    fold,
    for_matching,
    match_forms,
    normalize_text,
)


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Xã Vĩnh Thành")
    assert normalize_text(nfd) == "Xã Vĩnh Thành"


def test_fold_handles_d_bar_and_case():
    assert fold("ĐÀO TẠO, BỒI DƯỠNG") == "dao tao, boi duong"
    assert fold("Thạnh Trị") == fold("Thanh Tri") == "thanh tri"


def test_abbreviations_expand_in_both_spellings():
    assert expand_abbreviations("Kế hoạch CCHC năm 2018") == "Kế hoạch cải cách hành chính năm 2018"
    accented, folded = match_forms("Kế hoạch ĐTBD CBCC")
    assert accented == "kế hoạch đào tạo bồi dưỡng cán bộ công chức"
    assert folded == match_forms("ke hoach dtbd cbcc")[1]
    assert match_forms("Bộ phận TN&TKQ")[0] == "bộ phận tiếp nhận và trả kết quả"


def test_abbreviation_inside_word_is_left_alone():
    assert expand_abbreviations("UBNDX") == "UBNDX"


def test_old_and_new_tone_placement_meet():
    assert for_matching("hoà thuỷ") == for_matching("hòa thủy")
    assert for_matching("Kế hoạch") == "kế hoạch"  # tone before a final consonant stays
    assert for_matching("Quý I") == "quý i"


def test_dashes_and_invisible_characters():
    assert normalize_text("Độc lập\u00a0–\u00a0Tự do\u200b") == "Độc lập - Tự do"


@given(st.text())
def test_normalizing_twice_changes_nothing(s):
    once = normalize_text(s)
    assert normalize_text(once) == once
    m = for_matching(s)
    assert for_matching(m) == m
    f = fold(s)
    assert "đ" not in f and not any(unicodedata.category(c) == "Mn" for c in f)


def test_strip_accents_is_fold_without_lower_case_or_other_normalization():
    from pipeline.core.normalize import fold, strip_accents

    assert strip_accents("Thạnh Trị – Đợt 1") == "Thanh Tri – Dot 1"  # the en dash is kept
    assert fold("Thạnh Trị – Đợt 1") == "thanh tri - dot 1"
    text = "Kế hoạch cải cách hành chính năm 2018 của UBND xã Lâm Tân"
    assert fold(text) == strip_accents(text).lower()


def test_vietnamese_letter_classes_keep_the_cases_apart():
    """The range "à-ỹ" holds capitals ("Ư", "Ờ", "Ơ": the Latin Extended blocks interleave the cases); the classes
    hold each case only, every vowel with every tone."""
    import re

    assert all(c.islower() for c in VI_LOWER) and all(c.isupper() for c in VI_UPPER)
    assert len(VI_LOWER) == len(VI_UPPER) == 26 + 1 + 12 * 6 - 6  # a-z, đ, 12 vowels x 6 tones (6 plain in a-z)
    assert "Ư" in re.findall(r"[a-zà-ỹđ]", "TRƯỜNG") and not re.findall(rf"[{VI_LOWER}]", "TRƯỜNG")
    assert re.fullmatch(rf"[{VI_UPPER}]+", "NGƯỜI") and re.fullmatch(rf"[{VI_LOWER}]+", "người")
