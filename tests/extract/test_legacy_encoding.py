import docx
import pytest
from docx.oxml.ns import qn
from extract_fixtures import text_pdf

from pipeline.core.config import Settings
from pipeline.extract import legacy_encoding as le
from pipeline.extract.files import extract_file
from pipeline.extract.pdf_text import _page_text

SENTENCES = [
    "kế hoạch cải cách hành chính năm 2018 của ủy ban nhân dân xã vĩnh thành",
    "người lao động phải được trả lương đúng hạn; đồng chí chủ tịch quyết định",
    "độc lập - tự do - hạnh phúc; kỳ họp thứ nhất; thủy lợi; nghĩa vụ; ỵ ỹ ỷ ỳ ý",
    "ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự í ì ỉ ĩ ị",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_tcvn3_both_ways(text):
    encoded = le.unicode_to_tcvn3(text)
    assert encoded != text and all(ord(c) < 256 for c in encoded)
    assert le.tcvn3_to_unicode(encoded) == text


@pytest.mark.parametrize("text", SENTENCES)
def test_tcvn3_upper_font(text):
    # a .VnTimeH font draws the lower-case font's bytes as capitals
    assert le.tcvn3_to_unicode(le.unicode_to_tcvn3(text), upper=True) == text.upper()


@pytest.mark.parametrize("text", SENTENCES + [s.upper() for s in SENTENCES] + ["Ủy ban Nhân dân Xã Đông Hòa"])
def test_vni_both_ways(text):
    encoded = le.unicode_to_vni(text)
    assert encoded != text
    assert le.vni_to_unicode(encoded) == text


def test_known_legacy_strings():
    assert le.tcvn3_to_unicode("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", upper=True) == \
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert le.tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    assert le.vni_to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert le.vni_to_unicode("Ñoäc laäp - Töï do - Haïnh phuùc") == "Độc lập - Tự do - Hạnh phúc"


def test_detect_by_statistics():
    text = " ".join(SENTENCES[:3])
    assert le.detect(le.unicode_to_tcvn3(text)) == le.TCVN3
    assert le.detect(le.unicode_to_vni(text)) == le.VNI
    assert le.detect(text) is None  # Unicode Vietnamese
    assert le.detect("Plain English text about administrative reform plans and reports.") is None
    assert le.detect("Café crème, déjà vu, naïve façade, à la carte, résumé, où est la gare?") is None


def test_font_names():
    assert le.font_encoding(".VnTime") == le.TCVN3
    assert le.font_encoding("ABCDEF+.VnTimeH") == le.TCVN3
    assert le.font_encoding("VnArial") == le.TCVN3
    assert le.font_encoding("VNI-Times") == le.VNI
    assert le.font_encoding("Times New Roman") is None and le.font_encoding(None) is None
    assert le.is_upper_font(".VnTimeH") and le.is_upper_font(".VnArialH,Bold")
    assert not le.is_upper_font(".VnTime") and not le.is_upper_font(".VnHelvetIns")


def _legacy_run(paragraph, text: str, font: str):
    run = paragraph.add_run(text)
    rpr = run._element.get_or_add_rPr()
    rpr.append(rpr.makeelement(qn("w:rFonts"), {qn("w:ascii"): font, qn("w:hAnsi"): font}))
    return run


def test_docx_with_vntime_runs(tmp_path):
    d = docx.Document()
    _legacy_run(d.add_paragraph(), le.unicode_to_tcvn3("cộng hòa xã hội chủ nghĩa việt nam"), ".VnTimeH")
    _legacy_run(d.add_paragraph(), le.unicode_to_tcvn3("Độc lập - Tự do - Hạnh phúc"), ".VnTime")
    mixed = d.add_paragraph()
    _legacy_run(mixed, le.unicode_to_tcvn3("Người lao động được "), ".VnTime")
    mixed.add_run("trả lương đúng hạn")  # a Unicode run beside it stays as it is
    table = d.add_table(rows=1, cols=2)
    _legacy_run(table.cell(0, 0).paragraphs[0], le.unicode_to_tcvn3("Điểm tự chấm"), ".VnTime")
    table.cell(0, 1).text = "Ghi chú"
    p = tmp_path / "old.docx"
    d.save(p)
    ef = extract_file(p, "old.docx", Settings())
    doc = ef.documents[0]
    assert doc.pages[0].text.splitlines()[:3] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Người lao động được trả lương đúng hạn"]
    assert doc.pages[0].tables[0].rows == [["Điểm tự chấm", "Ghi chú"]]
    assert doc.provenance.legacy_encoding == "TCVN3"
    assert ("legacy_font", {"encoding": "TCVN3"}) in [(n.code, n.params) for n in doc.provenance.notes]


def test_docx_vni_by_style_font(tmp_path):
    d = docx.Document()
    d.styles["Normal"].font.name = "VNI-Times"
    d.add_paragraph(le.unicode_to_vni("Báo cáo kết quả cải cách hành chính quý I năm 2018"))
    p = tmp_path / "vni.docx"
    d.save(p)
    doc = extract_file(p, "vni.docx", Settings()).documents[0]
    assert doc.text == "Báo cáo kết quả cải cách hành chính quý I năm 2018"
    assert doc.provenance.legacy_encoding == "VNI"


def test_docx_legacy_by_statistics_without_font_names(tmp_path):
    d = docx.Document()
    d.add_paragraph(le.unicode_to_tcvn3("Kế hoạch cải cách hành chính năm 2018 của Ủy ban nhân dân xã").replace(
        le.unicode_to_tcvn3("Ủ"), "ñ"))
    p = tmp_path / "nofont.docx"
    d.save(p)
    doc = extract_file(p, "nofont.docx", Settings()).documents[0]
    assert doc.text.startswith("Kế hoạch cải cách hành chính năm 2018")
    assert doc.provenance.legacy_encoding == "TCVN3"


def test_text_pdf_in_tcvn3_is_converted(tmp_path):
    lines = ["Kế hoạch cải cách hành chính năm 2018 của ủy ban nhân dân xã",
             "người dân được phục vụ tại bộ phận một cửa"]
    p = text_pdf(tmp_path / "old.pdf", [[le.unicode_to_tcvn3(ln) for ln in lines]])
    ef = extract_file(p, "old.pdf", Settings())
    doc = ef.documents[0]
    assert doc.text.splitlines() == lines
    assert doc.provenance.legacy_encoding == "TCVN3"


class _FakePdfPage:
    def __init__(self, runs):
        self.chars = [{"text": c, "fontname": font} for text, font in runs for c in text]

    def extract_text(self):
        return "".join(c["text"] for c in self.chars)

    def extract_words(self, **kw):
        return []  # no layout: no header columns to split


def test_pdf_chars_converted_by_font_name():
    page = _FakePdfPage([
        (le.unicode_to_tcvn3("cộng hòa"), "BCDEFG+.VnTimeH"),
        (" ", "Times"),
        (le.unicode_to_tcvn3("kế hoạch"), "BCDEFG+.VnTime"),
        (" và Unicode", "TimesNewRoman"),
    ])
    text, enc = _page_text(page)
    assert text == "CỘNG HÒA kế hoạch và Unicode" and enc == "TCVN3"
    vni = _FakePdfPage([(le.unicode_to_vni("Báo cáo tổng kết năm"), "VNI-Times")])
    assert _page_text(vni) == ("Báo cáo tổng kết năm", "VNI")
