"""A title or issuer printed in capitals, written back in sentence case (pipeline/read/casing.py)."""

from __future__ import annotations

from pipeline.read.casing import sentence_case_caps


def test_roman_numerals_and_the_state_s_names_keep_their_capitals():
    assert sentence_case_caps("BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI, ĐẠI HỘI XIII CỦA ĐẢNG", first_upper=True) == (
        "Bầu cử đại biểu Quốc hội khóa XVI, đại hội XIII của Đảng")
    # the same letters as a word stay a word; "thành phố" leads a place name
    assert sentence_case_caps("CUNG ỨNG XI MĂNG CHO THÀNH PHỐ CẦN THƠ", first_upper=True) == (
        "Cung ứng xi măng cho thành phố Cần Thơ")
    assert sentence_case_caps("ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM", first_upper=False) == (
        "ủy ban trung ương Mặt trận Tổ quốc Việt Nam")


def test_offices_places_and_bodies_keep_their_capitals_and_words_do_not():
    # "phòng, chống", "phong trào", "cơ sở", "cán bộ", "toàn bộ" are words, not offices
    assert sentence_case_caps("CƠ SỞ DỮ LIỆU VỀ PHÒNG, CHỐNG TỘI PHẠM VÀ PHONG TRÀO TOÀN DÂN", first_upper=True) == (
        "Cơ sở dữ liệu về phòng, chống tội phạm và phong trào toàn dân")
    assert sentence_case_caps("ĐÀO TẠO CÁN BỘ CÔNG CHỨC, KIỂM KÊ TOÀN BỘ TÀI SẢN", first_upper=True) == (
        "Đào tạo cán bộ công chức, kiểm kê toàn bộ tài sản")
    assert sentence_case_caps("GỬI PHÒNG NỘI VỤ, SỞ TÀI CHÍNH VÀ BỘ NỘI VỤ", first_upper=True) == (
        "Gửi Phòng Nội vụ, Sở Tài chính và Bộ Nội vụ")
    # a province's name longer than two syllables, hyphenated names
    assert sentence_case_caps("CỦA ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ VÀ THỦ TƯỚNG CHÍNH PHỦ", first_upper=False) == (
        "của Ủy ban nhân dân tỉnh Thừa Thiên Huế và Thủ tướng Chính phủ")
    assert sentence_case_caps("HỘI ĐỒNG NHÂN DÂN TỈNH BÀ RỊA-VŨNG TÀU KHÓA VI", first_upper=True) == (
        "Hội đồng nhân dân tỉnh Bà Rịa-Vũng Tàu khóa VI")
    assert sentence_case_caps("THÀNH PHỐ HỒ CHÍ MINH NĂM 2024", first_upper=True) == "Thành phố Hồ Chí Minh năm 2024"
    # a place name stops at a level word; "huyện Kỳ Anh" is a name
    assert sentence_case_caps("HUYỆN KỲ ANH KHÓA XX", first_upper=True) == "Huyện Kỳ Anh khóa XX"
    # the Party and its bodies; a member is lower case
    assert sentence_case_caps("ĐẢNG BỘ XÃ, ĐẢNG VIÊN VÀ BAN BÍ THƯ TRUNG ƯƠNG ĐẢNG", first_upper=True) == (
        "Đảng bộ xã, đảng viên và Ban Bí thư Trung ương Đảng")


def test_vi_is_a_word_unless_a_numbering_word_comes_before_it():
    assert sentence_case_caps("BIÊN BẢN VI PHẠM HÀNH CHÍNH TRONG PHẠM VI XÃ", first_upper=True) == (
        "Biên bản vi phạm hành chính trong phạm vi xã")
    assert sentence_case_caps("HĐND TỈNH KHÓA VI, GIAI ĐOẠN II", first_upper=True) == "HĐND tỉnh khóa VI, giai đoạn II"
