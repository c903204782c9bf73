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
