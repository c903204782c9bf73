"""The one OCR-tolerant symbol key, shared by matching (citations) and dedupe (vetoes)."""

from pipeline.read.metadata import parse_metadata
from pipeline.read.symbols import parse_symbol, symbol_key


def test_spacing_dots_case_and_accents_do_not_matter():
    assert symbol_key("05 / kh.ubnd") == symbol_key("05/KH-UBND") == "5/KH-UBND"
    assert symbol_key("12/QĐ-UBND") == symbol_key("12/qd-ubnd")


def test_letters_read_for_digits_in_the_number_part_only():
    assert symbol_key("O5/KH-UBND") == symbol_key("5/KH-UBND")
    assert symbol_key("1O/BC-UBND") == symbol_key("10/BC-UBND")
    assert symbol_key("I2/TB-UBND") == symbol_key("12/TB-UBND")
    assert symbol_key("12/BC-UBND").endswith("/BC-UBND")  # the letters after '/' stay letters


def test_leading_zeros_dropped_but_different_numbers_stay_different():
    assert symbol_key("007/KH-UBND") == symbol_key("7/KH-UBND")
    assert symbol_key("5/KH-UBND") != symbol_key("6/KH-UBND")


def test_every_reader_repairs_digits_from_the_one_table():
    from pipeline.read.digits import DIGIT_LOOKALIKES, digit_table

    assert "O5".translate(digit_table("O")) == "05"
    assert set("OoIl|oil|ODQILZSGB") <= set(DIGIT_LOOKALIKES)
    assert all(v.isdigit() for v in DIGIT_LOOKALIKES.values())


def test_the_legislatures_symbols_carry_their_term_and_no_type():
    """The National Assembly's Standing Committee and the Assembly sign "653/2019/UBTVQH14",
    "56/2017/QH14": no type code (the title word gives the type), the term's number kept."""
    assert parse_symbol("Nghị quyết số: 653/2019/UBTVQH14") == ("653/2019/UBTVQH14", None)
    assert parse_symbol("Số: 56/2017/QH14") == ("56/2017/QH14", None)
    assert parse_symbol("Số: 80/NQ-CP") == ("80/NQ-CP", "NQ")



def test_a_register_or_a_legal_sites_table_labels_the_symbol_so_hieu():
    """A legal-text site's attribute table and a register write "Số hiệu:" or "Số, ký hiệu:": the label
    is the header's "Số:", party and pre-1990 symbols included."""
    from pipeline.read.metadata import parse_metadata

    def symbol(line: str) -> str | None:
        return parse_metadata(f"BAN CHẤP HÀNH TRUNG ƯƠNG\n{line}\nQUYẾT ĐỊNH\nVề việc thành lập Ban chỉ đạo").symbol

    assert symbol("Số hiệu: 97-QĐ/TW") == "97-QĐ/TW"
    assert symbol("Số, ký hiệu: 34-CP") == "34-CP"
    assert symbol("Số và ký hiệu văn bản: 12/KH-UBND") == "12/KH-UBND"
    assert parse_symbol("So hieu: 5/BC-UBND") == ("5/BC-UBND", "BC")


def test_a_code_spelling_tr_keeps_its_case_and_compares_as_any():
    """"GDTrH" (giáo dục trung học), "CTrTT" are printed so, as "TTr" and "CTr" are; the key ignores case."""
    from pipeline.read.symbols import normalize_symbol

    assert normalize_symbol("12/SGDĐT-GDTrH") == "12/SGDĐT-GDTrH"
    assert normalize_symbol("12/ttr-ubnd") == "12/TTr-UBND"
    assert symbol_key("12/SGDĐT-GDTrH") == symbol_key("12/SGDĐT-GDTRH")


def test_a_state_symbol_hyphenated_throughout_is_read_whole():
    """"Số: 12-KH-UBND": a clerk's hyphens for the slash; read whole, its type leading, as "34-CP" is read."""
    from pipeline.read.metadata import parse_metadata

    def read(line: str):
        meta = parse_metadata(f"ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n{line}\nAn Phú, ngày 5 tháng 3 năm 2024\nV/v họp giao ban")
        return meta.symbol, meta.doc_type

    assert read("Số: 12-KH-UBND") == ("12-KH-UBND", "KH")
    assert read("Số: 34-CP")[0] == "34-CP"
    assert read("Số: 67-:HĐBT")[0] == "67-HĐBT"  # a speck OCR read after the hyphen


def test_a_type_code_misread_in_a_serif_face_is_repaired():
    """Tesseract reads a serif T as "I" and an r as "IR" on a scan: "CI" is CT, "TTIR" is TTr; an unknown code
    with an I that no such repair makes a type stays as read, and a Đ read three times is one."""
    assert parse_symbol("Số: 012/CI-UBND") == ("012/CT-UBND", "CT")
    assert parse_symbol("Số: 67/TTIR-UBND") == ("67/TTr-UBND", "TTr")
    assert parse_symbol("Số: 4/TTI-LB")[0] == "4/TTI-LB"
    from pipeline.read.metadata import parse_metadata

    assert parse_metadata("HỘI ĐỒNG BỘ TRƯỞNG\nSố: 88-HĐĐĐBT\nQUYẾT ĐỊNH\nVề việc thành lập").symbol == "88-HĐBT"
    assert parse_symbol("Số: 1153/BNNMT-QLĐĐ")[0] == "1153/BNNMT-QLĐĐ"  # đất đai: two Đs are printed


def test_a_year_ocr_cut_with_a_space_is_one_year():
    # "172/2015/QĐ-UBND" read as two words on a scan, the cut inside the year
    assert parse_symbol("Số: 172/201 5/QĐ-UBND") == ("172/2015/QĐ-UBND", "QĐ")


def test_a_council_code_with_its_d_read_twice_is_repaired():
    # a scanned resolution's "15/2022/NQ-HĐND" read "NQ-HDĐND" (tune h729): the vocabulary's spelling repairs it
    assert parse_symbol("Số: 15/2022/NQ-HDĐND") == ("15/2022/NQ-HĐND", "NQ")


def test_a_speck_read_as_a_quote_inside_a_symbol_is_dropped():
    # "12/1998/CT-'TTG", "45/'QĐ-UBND": a speck after the slash or the code's hyphen stopped the symbol there
    text = "UBND XÃ A\nSố: 45/'QĐ-‘UBND\nA, ngày 2 tháng 3 năm 2020\nQUYẾT ĐỊNH\nVề việc giao đất"
    assert parse_metadata(text).symbol == "45/QĐ-UBND"
