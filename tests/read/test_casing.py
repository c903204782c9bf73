"""A title or issuer printed in capitals, written back in sentence case (pipeline/read/casing.py)."""

from __future__ import annotations

from pipeline.read.casing import sentence_case_caps


def test_roman_numerals_and_the_state_s_names_keep_their_capitals():
    assert sentence_case_caps("BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI, ĐẠI HỘI XIII CỦA ĐẢNG", first_upper=True) == (
        "Bầu cử đại biểu Quốc hội khóa XVI, đại hội XIII của đảng")
    # the same letters as a word stay a word; "thành phố" leads a place name
    assert sentence_case_caps("CUNG ỨNG XI MĂNG CHO THÀNH PHỐ CẦN THƠ", first_upper=True) == (
        "Cung ứng xi măng cho thành phố Cần Thơ")
    assert sentence_case_caps("ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM", first_upper=False) == (
        "ủy ban trung ương Mặt trận Tổ quốc Việt Nam")
