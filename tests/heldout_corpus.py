"""A held-out-style corpus: first pages of Vietnamese administrative documents written the way other
clerks write them (Nghị định 30/2020/NĐ-CP and the older Thông tư 01/2011/TT-BNV layouts), not the way
`samples/` renders them, with the answers a careful reader gives.

Each text is shaped like what extraction hands to `parse_metadata`:
- "docx": a DOCX whose borderless header table reaches us column by column (left block, blank line,
  right block) or paragraph by paragraph, with tabs between the columns;
- "pdf": a text layer, both header columns glued on one line with a few spaces;
- "ocr": a scan's text, columns as separate blocks, with the character confusions OCR makes.

Expected values: `issuer` and `title` are compared as the evaluator compares titles (for_matching:
case, punctuation and the standard abbreviations do not matter); `None` means the document does not
carry the field (a blank day, an unnumbered attachment) and the parser must not invent one.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
MOTTO_OLD = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc"


def docx_cols(left: str, right: str, body: str) -> str:
    """A DOCX header table read column by column, then the body paragraphs."""
    return f"{left}\n\n{right}\n\n{body}"


# (name, shape, text, expected)
METADATA_CASES: list[tuple[str, str, str, dict]] = [
    # ---- plans (KH) ------------------------------------------------------------------------------
    (
        "kh_docx_cols_july_date_three_line_title", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ THẠNH TRỊ\n-------\nSố: 05/KH-UBND",
            f"{MOTTO}\n---------------\nThạnh Trị, ngày 05 tháng 7 năm 2018",
            "KẾ HOẠCH\nTuyên truyền cải cách hành chính\ntrên địa bàn xã Thạnh Trị năm 2018\n"
            "Căn cứ Kế hoạch số 12/KH-UBND ngày 15/01/2018 của Ủy ban nhân dân huyện Thạnh Trị;",
        ),
        dict(issuer="Ủy ban nhân dân xã Thạnh Trị", doc_type="KH", symbol="05/KH-UBND", date=D(2018, 7, 5),
             title="Kế hoạch tuyên truyền cải cách hành chính trên địa bàn xã Thạnh Trị năm 2018", period="Y"),
    ),
    (
        "kh_pdf_ubnd_thi_tran_space_before_slash", "pdf",
        "UBND THỊ TRẤN PHÚ LỘC       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "                            Độc lập - Tự do - Hạnh phúc\n"
        "Số 08 /KH-UBND              Phú Lộc, ngày 5 tháng 01 năm 2018\n\n"
        "KẾ HOẠCH\nCải cách hành chính thị trấn Phú Lộc năm 2018\n\n"
        "Thực hiện Quyết định số 599/QĐ-UBND ngày 28/5/2018 của UBND huyện;",
        dict(issuer="UBND thị trấn Phú Lộc", doc_type="KH", symbol="08/KH-UBND", date=D(2018, 1, 5),
             title="Kế hoạch cải cách hành chính thị trấn Phú Lộc năm 2018", period="Y"),
    ),
    (
        "kh_docx_old_uy_dot_separator", "docx",
        docx_cols(
            "UỶ BAN NHÂN DÂN\nXÃ VĨNH LỢI\nSố:14/KH.UBND",
            f"{MOTTO_OLD}\nVĩnh Lợi, ngày 22 tháng 01 năm 2018",
            "KẾ HOẠCH\nKiểm soát thủ tục hành chính năm 2018\nI. MỤC ĐÍCH, YÊU CẦU",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Lợi", doc_type="KH", symbol="14/KH-UBND", date=D(2018, 1, 22),
             title="Kế hoạch kiểm soát thủ tục hành chính năm 2018", period="Y"),
    ),
    (
        "kh_docx_parent_body_line", "docx",
        docx_cols(
            "UBND HUYỆN THẠNH TRỊ\nUBND XÃ LÂM TÂN\nSố: 09/KH-UBND",
            f"{MOTTO}\nLâm Tân, ngày 29 tháng 01 năm 2018",
            "KẾ HOẠCH\nĐào tạo, bồi dưỡng cán bộ, công chức xã năm 2018\n"
            "Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ;",
        ),
        dict(issuer="UBND xã Lâm Tân", doc_type="KH", symbol="09/KH-UBND", date=D(2018, 1, 29),
             title="Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức xã năm 2018", period="Y"),
    ),
    (
        "kh_pdf_caps_two_line_title", "pdf",
        "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ CHÂU HƯNG    Độc lập - Tự do - Hạnh phúc\n"
        "Số: 03/KH-UBND    Châu Hưng, ngày 12 tháng 01 năm 2018\n"
        "KẾ HOẠCH\nỨNG DỤNG CÔNG NGHỆ THÔNG TIN TRONG HOẠT ĐỘNG\nCỦA CƠ QUAN NHÀ NƯỚC NĂM 2018\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích",
        dict(issuer="Ủy ban nhân dân xã Châu Hưng", doc_type="KH", symbol="03/KH-UBND", date=D(2018, 1, 12),
             title="Kế hoạch ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2018", period="Y"),
    ),
    (
        "kh_docx_tabs_numeric_date_hyphens", "docx",
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ TUÂN TỨC\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 11/KH-UBND\tTuân Tức, ngày 10-01-2018\n\n"
        "KẾ HOẠCH\nPhổ biến, giáo dục pháp luật năm 2018\n\nĐể triển khai thực hiện có hiệu quả",
        dict(issuer="Ủy ban nhân dân xã Tuân Tức", doc_type="KH", symbol="11/KH-UBND", date=D(2018, 1, 10),
             title="Kế hoạch phổ biến, giáo dục pháp luật năm 2018", period="Y"),
    ),
    (
        "kh_bcd_issuer", "docx",
        docx_cols(
            "UBND XÃ THẠNH TÂN\nBAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH\nSố: 02/KH-BCĐ",
            f"{MOTTO}\nThạnh Tân, ngày 06 tháng 3 năm 2018",
            "KẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2018\nI. MỤC ĐÍCH, YÊU CẦU",
        ),
        dict(issuer="Ban chỉ đạo cải cách hành chính", doc_type="KH", symbol="02/KH-BCĐ", date=D(2018, 3, 6),
             title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "kh_blank_day_unsigned", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH THÀNH\nSố:      /KH-UBND",
            f"{MOTTO}\nVĩnh Thành, ngày     tháng 12 năm 2018",
            "KẾ HOẠCH\nKhảo sát mức độ hài lòng của người dân, tổ chức\nđối với sự phục vụ của cơ quan hành chính năm 2018\n"
            "Căn cứ Quyết định số 2640/QĐ-BNV ngày 10/10/2017 của Bộ Nội vụ;",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Thành", doc_type="KH", symbol=None, date=None,
             title="Kế hoạch khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
                   "hành chính năm 2018", period="Y"),
    ),
    # ---- reports (BC) -------------------------------------------------------------------------------
    (
        "bc_docx_q1_roman", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ LÂM KIỆT\nSố: 07/BC-UBND",
            f"{MOTTO}\nLâm Kiệt, ngày 15 tháng 3 năm 2018",
            "BÁO CÁO\nTình hình, kết quả thực hiện công tác cải cách hành chính\nquý I năm 2018\n"
            "I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN",
        ),
        dict(issuer="Ủy ban nhân dân xã Lâm Kiệt", doc_type="BC", symbol="07/BC-UBND", date=D(2018, 3, 15),
             title="Báo cáo tình hình, kết quả thực hiện công tác cải cách hành chính quý I năm 2018", period="Q1"),
    ),
    (
        "bc_pdf_quy_ii_no_period", "pdf",
        "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ THẠNH TRỊ   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 21/BC-UBND   Thạnh Trị, ngày 18 tháng 6 năm 2018\n"
        "BÁO CÁO\nCông tác cải cách hành chính Quý II năm 2018\nThực hiện Công văn số 210/PNV ngày 01/6/2018",
        dict(issuer="Ủy ban nhân dân xã Thạnh Trị", doc_type="BC", symbol="21/BC-UBND", date=D(2018, 6, 18),
             title="Báo cáo công tác cải cách hành chính quý II năm 2018", period="H1"),  # written with the 6-month report
    ),
    (
        "bc_docx_6_thang_dau_nam", "docx",
        docx_cols(
            "UBND HUYỆN THẠNH TRỊ\nUBND THỊ TRẤN HƯNG LỢI\n________\nSố: 36/BC-UBND",
            f"{MOTTO}\n________________\nHưng Lợi, ngày 12 tháng 6 năm 2018",
            "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm\n"
            "và phương hướng, nhiệm vụ 6 tháng cuối năm 2018\n"
            "Thực hiện chỉ đạo của Ủy ban nhân dân huyện Thạnh Trị,",
        ),
        dict(issuer="UBND thị trấn Hưng Lợi", doc_type="BC", symbol="36/BC-UBND", date=D(2018, 6, 12),
             title="Báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm và phương hướng, "
                   "nhiệm vụ 6 tháng cuối năm 2018", period="H1"),
    ),
    (
        "bc_pdf_9_thang_caps", "pdf",
        "ỦY BAN NHÂN DÂN      CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ VĨNH THÀNH      Độc lập – Tự do – Hạnh phúc\n"
        "Số: 58/BC-UBND      Vĩnh Thành, ngày 14 tháng 9 năm 2018\n"
        "BÁO CÁO\nKẾT QUẢ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH 9 THÁNG\nNĂM 2018\n"
        "Căn cứ Kế hoạch số 05/KH-UBND ngày 10/01/2018;",
        dict(issuer="Ủy ban nhân dân xã Vĩnh Thành", doc_type="BC", symbol="58/BC-UBND", date=D(2018, 9, 14),
             title="Báo cáo kết quả công tác cải cách hành chính 9 tháng năm 2018", period="Q3"),
    ),
    (
        "bc_docx_year_report_place_with_comma", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nTHỊ TRẤN PHÚ LỘC\nSố: 112/BC-UBND",
            f"{MOTTO}\nThị trấn Phú Lộc, ngày 10 tháng 12 năm 2018",
            "BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính năm 2018\n"
            "và phương hướng, nhiệm vụ năm 2019\nI. KẾT QUẢ THỰC HIỆN",
        ),
        dict(issuer="Ủy ban nhân dân thị trấn Phú Lộc", doc_type="BC", symbol="112/BC-UBND", date=D(2018, 12, 10),
             title="Báo cáo kết quả thực hiện công tác cải cách hành chính năm 2018 và phương hướng, nhiệm vụ năm 2019",
             period="Y"),
    ),
    (
        "bc_day_without_leading_zero_month_with", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ LÂM TÂN Độc lập - Tự do - Hạnh phúc\n"
        "Số: 16/BC-UBND Lâm Tân, ngày 5 tháng 03 năm 2018\n"
        "BÁO CÁO\nKết quả rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2017\n"
        "Thực hiện Nghị định số 34/2016/NĐ-CP",
        dict(issuer="Ủy ban nhân dân xã Lâm Tân", doc_type="BC", symbol="16/BC-UBND", date=D(2018, 3, 5),
             title="Báo cáo kết quả rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2017", period="Y"),
    ),
    (
        "bc_docx_numeric_slash_date", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH LỢI\nSố: 44/BC-UBND",
            f"{MOTTO}\nVĩnh Lợi, ngày 10/01/2018",
            "BÁO CÁO\nTình hình thi hành pháp luật năm 2017\nKính gửi: Phòng Tư pháp huyện Thạnh Trị",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Lợi", doc_type="BC", symbol="44/BC-UBND", date=D(2018, 1, 10),
             title="Báo cáo tình hình thi hành pháp luật năm 2017", period="Y"),
    ),
    (
        "bc_hdnd_issuer", "pdf",
        "HỘI ĐỒNG NHÂN DÂN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ CHÂU HƯNG       Độc lập - Tự do - Hạnh phúc\n"
        "Số: 04/BC-HĐND       Châu Hưng, ngày 20 tháng 7 năm 2018\n"
        "BÁO CÁO\nKết quả giám sát việc giải quyết thủ tục hành chính\n6 tháng đầu năm 2018\n"
        "Thực hiện Nghị quyết số 02/NQ-HĐND",
        dict(issuer="Hội đồng nhân dân xã Châu Hưng", doc_type="BC", symbol="04/BC-HĐND", date=D(2018, 7, 20),
             title="Báo cáo kết quả giám sát việc giải quyết thủ tục hành chính 6 tháng đầu năm 2018", period="H1"),
    ),
    (
        "bc_party_symbol", "docx",
        docx_cols(
            "ĐẢNG BỘ HUYỆN THẠNH TRỊ\nĐẢNG ỦY XÃ TUÂN TỨC\n*\nSố 21-BC/ĐU",
            "ĐẢNG CỘNG SẢN VIỆT NAM\nTuân Tức, ngày 28 tháng 12 năm 2018",
            "BÁO CÁO\nKết quả lãnh đạo thực hiện công tác cải cách hành chính năm 2018\n"
            "Thực hiện Chương trình hành động của Huyện ủy,",
        ),
        dict(issuer="Đảng ủy xã Tuân Tức", doc_type="BC", symbol="21-BC/ĐU", date=D(2018, 12, 28),
             title="Báo cáo kết quả lãnh đạo thực hiện công tác cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "bc_self_assessment_title_tu_cham", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ THẠNH TRỊ\nSố: 120/BC-UBND",
            f"{MOTTO}\nThạnh Trị, ngày 20 tháng 12 năm 2018",
            "BÁO CÁO\nTự chấm điểm Chỉ số cải cách hành chính năm 2018\n"
            "Thực hiện Quyết định số 599/QĐ-UBND ngày 28/5/2018 của Chủ tịch UBND huyện Thạnh Trị,",
        ),
        dict(issuer="Ủy ban nhân dân xã Thạnh Trị", doc_type="BC", symbol="120/BC-UBND", date=D(2018, 12, 20),
             title="Báo cáo tự chấm điểm Chỉ số cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "bc_one_line_type_and_summary_caps", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ THẠNH TÂN Độc lập - Tự do - Hạnh phúc\n"
        "Số: 71/BC-UBND Thạnh Tân, ngày 26 tháng 11 năm 2018\n"
        "BÁO CÁO KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2018\n"
        "Kính gửi: Văn phòng HĐND và UBND huyện Thạnh Trị",
        dict(issuer="Ủy ban nhân dân xã Thạnh Tân", doc_type="BC", symbol="71/BC-UBND", date=D(2018, 11, 26),
             title="Báo cáo kết quả kiểm soát thủ tục hành chính năm 2018", period="Y"),
    ),
    # ---- decisions (QĐ) --------------------------------------------------------------------------------
    (
        "qd_ban_hanh_ke_hoach_is_qd", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH THÀNH\nSố: 123/QĐ-UBND",
            f"{MOTTO}\nVĩnh Thành, ngày 08 tháng 01 năm 2018",
            "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch cải cách hành chính\nnăm 2018 của Ủy ban nhân dân xã Vĩnh Thành\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ VĨNH THÀNH\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Thành", doc_type="QĐ", symbol="123/QĐ-UBND", date=D(2018, 1, 8),
             title="Quyết định về việc ban hành Kế hoạch cải cách hành chính năm 2018 của Ủy ban nhân dân xã Vĩnh Thành",
             period="Y"),
    ),
    (
        "qd_pdf_cong_nhan_sang_kien", "pdf",
        "ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN THẠNH TRỊ           Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1021/QĐ-UBND           Thạnh Trị, ngày 27 tháng 11 năm 2018\n"
        "QUYẾT ĐỊNH\nVề việc công nhận sáng kiến trong công tác cải cách hành chính\n"
        "của Ủy ban nhân dân xã Lâm Tân\nCHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THẠNH TRỊ\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        dict(issuer="Ủy ban nhân dân huyện Thạnh Trị", doc_type="QĐ", symbol="1021/QĐ-UBND", date=D(2018, 11, 27),
             title="Quyết định về việc công nhận sáng kiến trong công tác cải cách hành chính của Ủy ban nhân dân "
                   "xã Lâm Tân", period=None),
    ),
    (
        "qd_with_year_in_symbol", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ CHÂU HƯNG\nSố: 02/2018/QĐ-UBND",
            f"{MOTTO}\nChâu Hưng, ngày 15 tháng 01 năm 2018",
            "QUYẾT ĐỊNH\nBan hành Quy chế chi tiêu nội bộ năm 2018\nỦY BAN NHÂN DÂN XÃ CHÂU HƯNG\n"
            "Căn cứ Luật Ngân sách nhà nước ngày 25/6/2015;",
        ),
        dict(issuer="Ủy ban nhân dân xã Châu Hưng", doc_type="QĐ", symbol="02/2018/QĐ-UBND", date=D(2018, 1, 15),
             title="Quyết định ban hành Quy chế chi tiêu nội bộ năm 2018", period="Y"),
    ),
    (
        "qd_vv_subject", "pdf",
        "UBND XÃ LÂM KIỆT    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n    Độc lập - Tự do - Hạnh phúc\n"
        "Số: 31/QĐ-UBND    Lâm Kiệt, ngày 02 tháng 4 năm 2018\n"
        "QUYẾT ĐỊNH\nV/v phân công nhiệm vụ các thành viên Ủy ban nhân dân xã\nnhiệm kỳ 2016 - 2021\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ LÂM KIỆT\nCăn cứ Luật Tổ chức chính quyền địa phương;",
        dict(issuer="UBND xã Lâm Kiệt", doc_type="QĐ", symbol="31/QĐ-UBND", date=D(2018, 4, 2),
             title="Quyết định V/v phân công nhiệm vụ các thành viên Ủy ban nhân dân xã nhiệm kỳ 2016 - 2021",
             period=None),
    ),
    # ---- notices, submissions, minutes, lists, regulations ------------------------------------------------
    (
        "tb_docx", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ TUÂN TỨC\nSố: 15/TB-UBND",
            f"{MOTTO}\nTuân Tức, ngày 03 tháng 4 năm 2018",
            "THÔNG BÁO\nVề việc công khai thủ tục hành chính thuộc thẩm quyền\ngiải quyết của Ủy ban nhân dân xã\n"
            "Để tạo điều kiện thuận lợi cho tổ chức, cá nhân đến liên hệ giải quyết thủ tục hành chính,",
        ),
        dict(issuer="Ủy ban nhân dân xã Tuân Tức", doc_type="TB", symbol="15/TB-UBND", date=D(2018, 4, 3),
             title="Thông báo về việc công khai thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã",
             period=None),
    ),
    (
        "tb_ket_luan_pdf", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ VĨNH LỢI Độc lập - Tự do - Hạnh phúc\n"
        "Số: 09/TB-UBND Vĩnh Lợi, ngày 11 tháng 5 năm 2018\n"
        "THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp\ngiao ban công tác cải cách hành chính quý II năm 2018\n"
        "Ngày 10/5/2018, Ủy ban nhân dân xã tổ chức họp giao ban.",
        dict(issuer="Ủy ban nhân dân xã Vĩnh Lợi", doc_type="TB", symbol="09/TB-UBND", date=D(2018, 5, 11),
             title="Thông báo kết luận của Chủ tịch Ủy ban nhân dân xã tại cuộc họp giao ban công tác cải cách hành "
                   "chính quý II năm 2018", period="H1"),
    ),
    (
        "ttr_docx", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ LÂM TÂN\nSố: 02/TTr-UBND",
            f"{MOTTO}\nLâm Tân, ngày 14 tháng 8 năm 2018",
            "TỜ TRÌNH\nVề việc đề nghị công nhận mô hình mới\ntrong công tác cải cách hành chính năm 2018\n"
            "Kính gửi: Ủy ban nhân dân huyện Thạnh Trị",
        ),
        dict(issuer="Ủy ban nhân dân xã Lâm Tân", doc_type="TTr", symbol="02/TTr-UBND", date=D(2018, 8, 14),
             title="Tờ trình về việc đề nghị công nhận mô hình mới trong công tác cải cách hành chính năm 2018",
             period="Y"),
    ),
    (
        "bb_docx_two_lines_then_hom_nay", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nTHỊ TRẤN HƯNG LỢI\nSố: 05/BB-UBND",
            f"{MOTTO}\nHưng Lợi, ngày 19 tháng 10 năm 2018",
            "BIÊN BẢN\nKiểm tra cơ sở vật chất, trang thiết bị\nBộ phận tiếp nhận và trả kết quả\n"
            "Hôm nay, vào lúc 14 giờ 00 phút, ngày 19/10/2018, tại Ủy ban nhân dân thị trấn Hưng Lợi,",
        ),
        dict(issuer="Ủy ban nhân dân thị trấn Hưng Lợi", doc_type="BB", symbol="05/BB-UBND", date=D(2018, 10, 19),
             title="Biên bản kiểm tra cơ sở vật chất, trang thiết bị Bộ phận tiếp nhận và trả kết quả", period=None),
    ),
    (
        "bb_no_symbol", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ THẠNH TÂN Độc lập - Tự do - Hạnh phúc\n"
        "Thạnh Tân, ngày 04 tháng 12 năm 2018\n"
        "BIÊN BẢN\nNiêm yết công khai thủ tục hành chính tại Bộ phận một cửa\n"
        "Hôm nay, ngày 04 tháng 12 năm 2018, tại trụ sở Ủy ban nhân dân xã Thạnh Tân,",
        dict(issuer="Ủy ban nhân dân xã Thạnh Tân", doc_type="BB", symbol=None, date=D(2018, 12, 4),
             title="Biên bản niêm yết công khai thủ tục hành chính tại Bộ phận một cửa", period=None),
    ),
    (
        "ds_attached_to_plan", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ THẠNH TRỊ",
            f"{MOTTO}",
            "DANH SÁCH\nCán bộ, công chức được cử đi đào tạo, bồi dưỡng năm 2018\n"
            "(Kèm theo Kế hoạch số 09/KH-UBND ngày 29/01/2018 của UBND xã Thạnh Trị)\n"
            "STT | Họ và tên | Chức danh | Nội dung đào tạo",
        ),
        dict(issuer="Ủy ban nhân dân xã Thạnh Trị", doc_type="DS", symbol=None, date=None,
             title="Danh sách cán bộ, công chức được cử đi đào tạo, bồi dưỡng năm 2018", period="Y"),
    ),
    (
        "qc_attached_to_decision", "pdf",
        "ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TUÂN TỨC    Độc lập - Tự do - Hạnh phúc\n"
        "QUY CHẾ\nLàm việc của Ủy ban nhân dân xã Tuân Tức\nnhiệm kỳ 2016 - 2021\n"
        "(Ban hành kèm theo Quyết định số 18/QĐ-UBND ngày 09/02/2018\ncủa Ủy ban nhân dân xã Tuân Tức)\n"
        "Chương I\nQUY ĐỊNH CHUNG",
        dict(issuer="Ủy ban nhân dân xã Tuân Tức", doc_type="QC", symbol=None, date=None,
             title="Quy chế làm việc của Ủy ban nhân dân xã Tuân Tức nhiệm kỳ 2016 - 2021", period=None),
    ),
    # ---- letters (công văn) ----------------------------------------------------------------------------------
    (
        "cv_code_in_symbol", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH THÀNH\nSố: 03 /CV-UBND\nV/v xin lỗi tổ chức, cá nhân\ndo giải quyết hồ sơ trễ hạn",
            f"{MOTTO}\nVĩnh Thành, ngày 09 tháng 7 năm 2018",
            "Kính gửi: Bà Nguyễn Thị B, ấp 3, xã Vĩnh Thành.\nỦy ban nhân dân xã Vĩnh Thành xin lỗi Bà",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Thành", doc_type="CV", symbol="03/CV-UBND", date=D(2018, 7, 9),
             title="V/v xin lỗi tổ chức, cá nhân do giải quyết hồ sơ trễ hạn", period=None),
    ),
    (
        "cv_no_type_code_docx", "docx",
        docx_cols(
            "UBND HUYỆN THẠNH TRỊ\nUBND XÃ CHÂU HƯNG\nSố: 112/UBND\nV/v báo cáo tình hình thực hiện\ncông tác CCHC quý I năm 2018",
            f"{MOTTO}\nChâu Hưng, ngày 16 tháng 3 năm 2018",
            "Kính gửi: Phòng Nội vụ huyện Thạnh Trị.\nThực hiện Công văn số 45/PNV ngày 01/3/2018",
        ),
        dict(issuer="UBND xã Châu Hưng", doc_type="CV", symbol="112/UBND", date=D(2018, 3, 16),
             title="V/v báo cáo tình hình thực hiện công tác CCHC quý I năm 2018", period="Q1"),
    ),
    (
        "cv_pdf_ve_viec_glued", "pdf",
        "ỦY BAN NHÂN DÂN     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ LÂM KIỆT     Độc lập - Tự do - Hạnh phúc\n"
        "Số: 87/UBND-VP     Lâm Kiệt, ngày 25 tháng 9 năm 2018\n"
        "Về việc tăng cường kỷ luật, kỷ cương\nhành chính trong cơ quan\n"
        "Kính gửi: Cán bộ, công chức xã Lâm Kiệt.",
        dict(issuer="Ủy ban nhân dân xã Lâm Kiệt", doc_type="CV", symbol="87/UBND-VP", date=D(2018, 9, 25),
             title="Về việc tăng cường kỷ luật, kỷ cương hành chính trong cơ quan", period=None),
    ),
    (
        "cv_tabs_vv_under_number", "docx",
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ THẠNH TÂN\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 64/UBND-VP\tThạnh Tân, ngày 30 tháng 8 năm 2018\n"
        "V/v sử dụng phần mềm quản lý văn bản\nvà thư điện tử công vụ\n\n"
        "Kính gửi: Công chức chuyên môn Ủy ban nhân dân xã.",
        dict(issuer="Ủy ban nhân dân xã Thạnh Tân", doc_type="CV", symbol="64/UBND-VP", date=D(2018, 8, 30),
             title="V/v sử dụng phần mềm quản lý văn bản và thư điện tử công vụ", period=None),
    ),
    # ---- other bodies -------------------------------------------------------------------------------------------
    (
        "nq_hdnd", "docx",
        docx_cols(
            "HỘI ĐỒNG NHÂN DÂN\nXÃ VĨNH LỢI\nSố: 08/NQ-HĐND",
            f"{MOTTO}\nVĩnh Lợi, ngày 20 tháng 12 năm 2018",
            "NGHỊ QUYẾT\nVề dự toán ngân sách xã năm 2019\nHỘI ĐỒNG NHÂN DÂN XÃ VĨNH LỢI\nKHÓA X, KỲ HỌP THỨ 7\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương;",
        ),
        dict(issuer="Hội đồng nhân dân xã Vĩnh Lợi", doc_type="NQ", symbol="08/NQ-HĐND", date=D(2018, 12, 20),
             title="Nghị quyết về dự toán ngân sách xã năm 2019", period="Y"),
    ),
    # ---- more hands ------------------------------------------------------------------------------------------------
    (
        "kh_dotted_blank_day", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ LÂM TÂN Độc lập - Tự do - Hạnh phúc\n"
        "Số: /KH-UBND Lâm Tân, ngày ..... tháng 01 năm 2018\n"
        "KẾ HOẠCH\nCông tác kiểm soát thủ tục hành chính năm 2018\nI. MỤC ĐÍCH, YÊU CẦU",
        dict(issuer="Ủy ban nhân dân xã Lâm Tân", doc_type="KH", symbol=None, date=None,
             title="Kế hoạch công tác kiểm soát thủ tục hành chính năm 2018", period="Y"),
    ),
    (
        "bc_ellipsis_blank_day_docx", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH THÀNH\nSố:        /BC-UBND",
            f"{MOTTO}\nVĩnh Thành, ngày … tháng 12 năm 2018",
            "BÁO CÁO\nKết quả tự đánh giá, chấm điểm các tiêu chí\nxác định Chỉ số cải cách hành chính năm 2018\n"
            "Thực hiện Kế hoạch số 60/KH-UBND ngày 01/11/2018 của UBND huyện,",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Thành", doc_type="BC", symbol=None, date=None,
             title="Báo cáo kết quả tự đánh giá, chấm điểm các tiêu chí xác định Chỉ số cải cách hành chính năm 2018",
             period="Y"),
    ),
    (
        "kh_place_with_province_comma", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ VĨNH THÀNH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 17/KH-UBND Vĩnh Thành, Thạnh Trị, ngày 02 tháng 02 năm 2018\n"
        "KẾ HOẠCH\nTự kiểm tra công tác cải cách hành chính năm 2018\nI. MỤC ĐÍCH",
        dict(issuer="Ủy ban nhân dân xã Vĩnh Thành", doc_type="KH", symbol="17/KH-UBND", date=D(2018, 2, 2),
             title="Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "kh_symbol_spaces_around_parts", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ THẠNH TÂN\nSố : 06/ KH - UBND",
            f"{MOTTO}\nThạnh Tân, ngày 16 tháng 01 năm 2018.",
            "KẾ HOẠCH\nRà soát, đánh giá thủ tục hành chính năm 2018\nI. MỤC ĐÍCH, YÊU CẦU",
        ),
        dict(issuer="Ủy ban nhân dân xã Thạnh Tân", doc_type="KH", symbol="06/KH-UBND", date=D(2018, 1, 16),
             title="Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2018", period="Y"),
    ),
    (
        "bc_header_rows_with_pipes", "docx",
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ LÂM KIỆT | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 27/BC-UBND | Lâm Kiệt, ngày 19 tháng 6 năm 2018\n"
        "BÁO CÁO\nKết quả khảo sát sự hài lòng của người dân, tổ chức\nđối với sự phục vụ của cơ quan hành chính\n"
        "Thực hiện Kế hoạch số 20/KH-UBND ngày 02/3/2018,",
        dict(issuer="Ủy ban nhân dân xã Lâm Kiệt", doc_type="BC", symbol="27/BC-UBND", date=D(2018, 6, 19),
             title="Báo cáo kết quả khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
             period=None),
    ),
    (
        "tb_vv_on_title_line", "pdf",
        "UBND XÃ CHÂU HƯNG    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n    Độc lập - Tự do - Hạnh phúc\n"
        "Số: 22/TB-UBND    Châu Hưng, ngày 06 tháng 8 năm 2018\n"
        "THÔNG BÁO\nV/v lịch tiếp công dân của lãnh đạo Ủy ban nhân dân xã\nquý III năm 2018\n"
        "Ủy ban nhân dân xã Châu Hưng thông báo lịch tiếp công dân như sau:",
        dict(issuer="UBND xã Châu Hưng", doc_type="TB", symbol="22/TB-UBND", date=D(2018, 8, 6),
             title="Thông báo V/v lịch tiếp công dân của lãnh đạo Ủy ban nhân dân xã quý III năm 2018", period="Q3"),
    ),
    (
        "bc_quy_iv_and_year", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ TUÂN TỨC\nSố: 88/BC-UBND",
            f"{MOTTO}\nTuân Tức, ngày 14 tháng 12 năm 2018",
            "BÁO CÁO\nCông tác cải cách hành chính quý IV và cả năm 2018\nI. TÌNH HÌNH CHUNG",
        ),
        dict(issuer="Ủy ban nhân dân xã Tuân Tức", doc_type="BC", symbol="88/BC-UBND", date=D(2018, 12, 14),
             title="Báo cáo công tác cải cách hành chính quý IV và cả năm 2018", period="Y"),
    ),
    (
        "qd_thanh_lap_bcd_issuer_chu_tich_symbol", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHỊ TRẤN PHÚ LỘC Độc lập - Tự do - Hạnh phúc\n"
        "Số: 40/QĐ-CT.UBND Phú Lộc, ngày 09 tháng 3 năm 2018\n"
        "QUYẾT ĐỊNH\nVề việc kiện toàn Ban Chỉ đạo cải cách hành chính thị trấn Phú Lộc\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN PHÚ LỘC\nCăn cứ Luật Tổ chức chính quyền địa phương;",
        dict(issuer="Ủy ban nhân dân thị trấn Phú Lộc", doc_type="QĐ", symbol="40/QĐ-CT.UBND", date=D(2018, 3, 9),
             title="Quyết định về việc kiện toàn Ban Chỉ đạo cải cách hành chính thị trấn Phú Lộc", period=None),
    ),
    (
        "bb_one_line_caps_then_thoi_gian", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH LỢI\nSố: 11/BB-UBND",
            f"{MOTTO}\nVĩnh Lợi, ngày 30 tháng 11 năm 2018",
            "BIÊN BẢN\nHỌP ĐÁNH GIÁ, PHÂN LOẠI CÁN BỘ, CÔNG CHỨC NĂM 2018\n"
            "I. Thời gian, địa điểm\n- Thời gian: 14 giờ 00, ngày 30/11/2018.",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Lợi", doc_type="BB", symbol="11/BB-UBND", date=D(2018, 11, 30),
             title="Biên bản họp đánh giá, phân loại cán bộ, công chức năm 2018", period="Y"),
    ),
    (
        "ds_with_symbol_and_date", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ LÂM KIỆT Độc lập - Tự do - Hạnh phúc\n"
        "Số: 03/DS-UBND Lâm Kiệt, ngày 10 tháng 4 năm 2018\n"
        "DANH SÁCH\nTrình độ chuyên môn, lý luận chính trị của cán bộ, công chức xã\n"
        "STT Họ và tên Chức danh Trình độ chuyên môn",
        dict(issuer="Ủy ban nhân dân xã Lâm Kiệt", doc_type="DS", symbol="03/DS-UBND", date=D(2018, 4, 10),
             title="Danh sách trình độ chuyên môn, lý luận chính trị của cán bộ, công chức xã", period=None),
    ),
    (
        "ocr_symbol_spaces_and_date_spaces", "ocr",
        "ỦY BAN NHÂN DÂN\nXÃ CHÂU HƯNG\nSố: 3 1/BC - UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Châu Hưng, ngày 2 0 tháng 6 năm 2018\n\nBÁO CÁO\n\nKết quả thực hiện công tác cải cách hành chính\n"
        "6 tháng đầu năm 2018\n\nThực hiện Kế hoạch",
        dict(issuer="Ủy ban nhân dân xã Châu Hưng", doc_type="BC", symbol="31/BC-UBND", date=D(2018, 6, 20),
             title="Báo cáo kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2018", period="H1"),
    ),
    (
        "ocr_dd_read_as_d_issuer_and_symbol", "ocr",
        "UBND HUYEN THANH TRI\nDANG UY XA LAM KIET\n\nSo 15-KH/DU\n\nDANG CONG SAN VIET NAM\n\n"
        "Lam Kiet, ngay 12 thang 3 nam 2018\n\nKE HOACH\nLanh dao thuc hien cong tac cai cach hanh chinh nam 2018\n"
        "Thuc hien Chuong trinh hanh dong",
        dict(issuer="Dang uy xa Lam Kiet", doc_type="KH", symbol="15-KH/ĐU", date=D(2018, 3, 12),
             title="Ke hoach lanh dao thuc hien cong tac cai cach hanh chinh nam 2018", period="Y"),
    ),
    (
        "bc_zero_padded_06_thang", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ THẠNH TÂN\nSố: 33/BC-UBND",
            f"{MOTTO}\nThạnh Tân, ngày 15 tháng 6 năm 2018",
            "BÁO CÁO\nSơ kết công tác cải cách hành chính 06 tháng đầu năm 2018\nI. KẾT QUẢ ĐẠT ĐƯỢC",
        ),
        dict(issuer="Ủy ban nhân dân xã Thạnh Tân", doc_type="BC", symbol="33/BC-UBND", date=D(2018, 6, 15),
             title="Báo cáo sơ kết công tác cải cách hành chính 06 tháng đầu năm 2018", period="H1"),
    ),
    (
        "bc_zero_padded_09_thang_pdf", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ LÂM TÂN Độc lập - Tự do - Hạnh phúc\n"
        "Số: 52/BC-UBND Lâm Tân, ngày 17 tháng 9 năm 2018\n"
        "BÁO CÁO\nKết quả thực hiện công tác CCHC 09 tháng đầu năm\nvà nhiệm vụ trọng tâm quý IV năm 2018\n"
        "Thực hiện Công văn số 301/UBND-NV",
        dict(issuer="Ủy ban nhân dân xã Lâm Tân", doc_type="BC", symbol="52/BC-UBND", date=D(2018, 9, 17),
             title="Báo cáo kết quả thực hiện công tác CCHC 09 tháng đầu năm và nhiệm vụ trọng tâm quý IV năm 2018",
             period="Q3"),
    ),
    (
        "bc_quy_slash_year", "docx",
        docx_cols(
            "UBND XÃ VĨNH THÀNH\nSố: 19/BC-UBND",
            f"{MOTTO}\nVĩnh Thành, ngày 16 tháng 3 năm 2018",
            "BÁO CÁO\nCông tác cải cách hành chính Quý I/2018\nThực hiện chế độ báo cáo định kỳ,",
        ),
        dict(issuer="UBND xã Vĩnh Thành", doc_type="BC", symbol="19/BC-UBND", date=D(2018, 3, 16),
             title="Báo cáo công tác cải cách hành chính quý I/2018", period="Q1"),
    ),
    (
        "kh_numbered_like_letter_type_from_title", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ CHÂU HƯNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/UBND Châu Hưng, ngày 24 tháng 01 năm 2018\n"
        "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2018\nI. MỤC ĐÍCH, YÊU CẦU",
        dict(issuer="Ủy ban nhân dân xã Châu Hưng", doc_type="KH", symbol="15/UBND", date=D(2018, 1, 24),
             title="Kế hoạch tuyên truyền cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "ttr_no_ve_viec_symbol_trailing_dot", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH LỢI\nSố: 07/TTr-UBND.",
            f"{MOTTO}\nVĩnh Lợi, ngày 21 tháng 5 năm 2018",
            "TỜ TRÌNH\nĐề nghị phê duyệt danh mục thủ tục hành chính\nthực hiện tiếp nhận hồ sơ trực tuyến\n"
            "Kính gửi: Ủy ban nhân dân huyện Thạnh Trị",
        ),
        dict(issuer="Ủy ban nhân dân xã Vĩnh Lợi", doc_type="TTr", symbol="07/TTr-UBND", date=D(2018, 5, 21),
             title="Tờ trình đề nghị phê duyệt danh mục thủ tục hành chính thực hiện tiếp nhận hồ sơ trực tuyến",
             period=None),
    ),
    (
        "bc_date_line_without_place", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nTHỊ TRẤN HƯNG LỢI\nSố: 101/BC-UBND",
            f"{MOTTO}\nNgày 18 tháng 12 năm 2018",
            "BÁO CÁO\nTổng kết công tác cải cách hành chính năm 2018\nI. ĐÁNH GIÁ CHUNG",
        ),
        dict(issuer="Ủy ban nhân dân thị trấn Hưng Lợi", doc_type="BC", symbol="101/BC-UBND", date=D(2018, 12, 18),
             title="Báo cáo tổng kết công tác cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "ocr_so_with_hook_above", "ocr",
        "ỦY BAN NHÂN DÂN\nXÃ LÂM KIỆT\nSổ: 26/BC-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Lâm Kiệt, ngày 30 tháng 10 năm 2018\n\nBÁO CÁO\n\nKết quả giải quyết hồ sơ thủ tục hành chính năm 2018\n\n"
        "Thực hiện Kế hoạch",
        dict(issuer="Ủy ban nhân dân xã Lâm Kiệt", doc_type="BC", symbol="26/BC-UBND", date=D(2018, 10, 30),
             title="Báo cáo kết quả giải quyết hồ sơ thủ tục hành chính năm 2018", period="Y"),
    ),
    # ---- OCR-shaped ------------------------------------------------------------------------------------------------
    (
        "ocr_o_for_zero_in_number", "ocr",
        "ỦY BAN NHÂN DÂN\nXÃ THẠNH TRỊ\nSố: O5/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Thạnh Trị, ngày 1O tháng O1 năm 2O18\n\nKẾ HOẠCH\n\nCải cách hành chính năm 2018\n\nCăn cứ Quyết định",
        dict(issuer="Ủy ban nhân dân xã Thạnh Trị", doc_type="KH", symbol="05/KH-UBND", date=D(2018, 1, 10),
             title="Kế hoạch cải cách hành chính năm 2018", period="Y"),
    ),
    (
        "ocr_l_for_one_and_so_misread", "ocr",
        "ỦY BAN NHÂN DÂN\nTHỊ TRẤN PHÚ LỘC\nSô: l2/BC-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nPhú Lộc, ngày l5 tháng 3 năm 2018\n\nBÁO CÁO\n\n"
        "Kết quả công tác cải cách hành chính quý l năm 2018\n\nI. KẾT QUẢ",
        dict(issuer="Ủy ban nhân dân thị trấn Phú Lộc", doc_type="BC", symbol="12/BC-UBND", date=D(2018, 3, 15),
             title="Báo cáo kết quả công tác cải cách hành chính quý I năm 2018", period="Q1"),
    ),
    (
        "ocr_d_for_dj_and_spaces", "ocr",
        "UY BAN NHAN DAN\nXA LAM TAN\nSo: 25 / QD - UBND\n\nCONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc\n\n"
        "Lam Tan, ngay 02 thang 3 nam 2018\n\nQUYET DINH\nVe viec kien toan Bo phan tiep nhan va tra ket qua\n"
        "CHU TICH UY BAN NHAN DAN XA LAM TAN",
        dict(issuer="Uy ban nhan dan xa Lam Tan", doc_type="QĐ", symbol="25/QĐ-UBND", date=D(2018, 3, 2),
             title="QUYET DINH Ve viec kien toan Bo phan tiep nhan va tra ket qua", period=None),
    ),
    (
        "ocr_right_column_first", "ocr",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nVĩnh Lợi, ngày 20 tháng 9 năm 2018\n\n"
        "ỦY BAN NHÂN DÂN\nXÃ VĨNH LỢI\nSố: 61/BC-UBND\n\nBÁO CÁO\n"
        "Kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2018\n\nThực hiện Kế hoạch",
        dict(issuer="Ủy ban nhân dân xã Vĩnh Lợi", doc_type="BC", symbol="61/BC-UBND", date=D(2018, 9, 20),
             title="Báo cáo kết quả thực hiện công tác cải cách hành chính 9 tháng đầu năm 2018", period="Q3"),
    ),
    (
        "ocr_glued_pdf_scan_ttr_typo", "ocr",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TUÂN TỨC Độc lập - Tự do - Hạnh phúc\n"
        "S6: 04/TTR-UBND Tuân Tức, ngày 07 tháng 6 năm 2018\nTỜ TRÌNH\n"
        "Về việc đề nghị bổ sung trang thiết bị Bộ phận một cửa\nKính gửi: Ủy ban nhân dân huyện Thạnh Trị",
        dict(issuer="Ủy ban nhân dân xã Tuân Tức", doc_type="TTr", symbol="04/TTr-UBND", date=D(2018, 6, 7),
             title="Tờ trình về việc đề nghị bổ sung trang thiết bị Bộ phận một cửa", period=None),
    ),
]


# ---- self-assessment reports -----------------------------------------------------------------------------
#
# (name, shape, header text, table rows or None (text lines only), body text, expected)
# expected: is_self (looks_like_self_assessment), scores {code: self-score or None}, cited {code: [symbols]}.

SA_HEAD = docx_cols(
    "ỦY BAN NHÂN DÂN\nXÃ THẠNH TRỊ\nSố: 120/BC-UBND",
    f"{MOTTO}\nThạnh Trị, ngày 20 tháng 12 năm 2018",
    "BÁO CÁO\nTự chấm điểm Chỉ số cải cách hành chính năm 2018\n"
    "Thực hiện Quyết định số 599/QĐ-UBND ngày 28/5/2018 của Chủ tịch UBND huyện, UBND xã báo cáo như sau:",
)

_TABLE_A = [
    ["STT", "Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Điểm tự đánh giá", "Tài liệu kiểm chứng"],
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", "25", "21,5", ""],
    ["1.1", "Ban hành Kế hoạch CCHC năm của UBND xã", "4", "4",
     "Kế hoạch số 05/KH-UBND ngày 10/01/2018; Quyết định số 123/QĐ-UBND ngày 08/01/2018"],
    ["1.2", "Mức độ hoàn thành kế hoạch CCHC", "4", "3,5", "Báo cáo số 112/BC-UBND ngày 10/12/2018"],
    ["1.3", "Thực hiện chế độ báo cáo định kỳ về CCHC", "4", "3",
     "BC số 07/BC-UBND ngày 15/3/2018, BC số 36/BC-UBND ngày 12/6/2018, BC số 58/BC-UBND ngày 14/9/2018"],
    ["1.4", "Công tác tuyên truyền CCHC", "4", "4", "Kế hoạch số 10/KH-UBND ngày 20/01/2018"],
    ["1.5", "Kiểm tra, tự kiểm tra công tác CCHC", "3", "2", ""],
    ["1.6", "Thực hiện nhiệm vụ UBND huyện giao về CCHC", "3", "3", "Báo cáo số 80/BC-UBND"],
    ["1.7", "Sáng kiến, mô hình mới trong CCHC", "3", "0", ""],
    ["II", "TỔ CHỨC THỰC HIỆN VĂN BẢN QPPL", "6", "6", ""],
    ["2.1", "Rà soát, hệ thống hóa văn bản QPPL", "2", "2", "Báo cáo số 16/BC-UBND ngày 05/3/2018"],
    ["2.2", "Phổ biến, giáo dục pháp luật", "2", "2", "Kế hoạch số 11/KH-UBND ngày 10/01/2018"],
    ["2.3", "Theo dõi thi hành pháp luật", "2", "2", "Báo cáo số 44/BC-UBND ngày 10/01/2018"],
    ["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "15", "13", ""],
    ["3.1", "Kế hoạch kiểm soát TTHC", "3", "3", "Kế hoạch số 14/KH-UBND ngày 22/01/2018"],
    ["3.2", "Công khai TTHC", "4", "4", "Thông báo số 15/TB-UBND ngày 03/4/2018"],
    ["3.3", "Tiếp nhận, xử lý PAKN về TTHC", "4", "2", ""],
    ["3.4", "Báo cáo tình hình, kết quả kiểm soát TTHC", "4", "4", "Báo cáo số 71/BC-UBND ngày 26/11/2018"],
    ["", "Tổng cộng", "100", "88,5", ""],
]

_TABLE_B = [
    ["TT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Ghi chú"],
    ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ["4", "THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG", "18", "16", ""],
    ["4.1.", "Bộ phận tiếp nhận và trả kết quả, quy chế hoạt động", "3", "3", "QĐ số 25/QĐ-UBND ngày 02/3/2018"],
    ["4.2.", "Cơ sở vật chất, trang thiết bị của Bộ phận một cửa", "3", "3", "BB số 05/BB-UBND"],
    ["4.3.", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", "6", "5", ""],
    ["4.4.", "Xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ trễ hạn", "2", "1", "Công văn số 03/CV-UBND ngày 09/7/2018"],
    ["4.5.", "Khảo sát mức độ hài lòng của người dân", "4", "4", ""],
    ["5", "CẢI CÁCH TỔ CHỨC BỘ MÁY", "8", "8", ""],
    ["5.1.", "Ban hành Quy chế làm việc của UBND xã", "3", "3", "Quyết định số 18/QĐ-UBND ngày 09/02/2018"],
    ["5.2.", "Phân công nhiệm vụ thành viên UBND, CBCC", "3", "3", "Quyết định số 31/QĐ-UBND ngày 02/4/2018"],
    ["5.3.", "Bố trí CBCC, người hoạt động không chuyên trách đúng quy định", "2", "2", ""],
]

# A merged two-row header: "Điểm số" over "Thang điểm" and "Điểm đạt được"; a decoy appraisal column.
_TABLE_C = [
    ["STT", "Lĩnh vực/Tiêu chí", "Điểm số", "Điểm số", "Điểm thẩm định", "Tài liệu kiểm chứng"],
    ["STT", "Lĩnh vực/Tiêu chí", "Thang điểm", "Điểm đạt được", "Điểm thẩm định", "Tài liệu kiểm chứng"],
    ["VI", "XÂY DỰNG VÀ NÂNG CAO CHẤT LƯỢNG ĐỘI NGŨ CBCC", "13", "12", "", ""],
    ["1", "Kế hoạch đào tạo, bồi dưỡng CBCC", "3", "3", "", "KH số 09/KH-UBND ngày 29/01/2018"],
    ["2", "Tỷ lệ CBCC đạt chuẩn", "3", "2,5", "", "Danh sách CBCC đạt chuẩn"],
    ["3", "Đánh giá, phân loại CBCC", "3", "3", "", "Quyết định số 140/QĐ-UBND ngày 20/12/2018"],
    ["4", "Kỷ luật, kỷ cương hành chính", "4", "3,5", "", "Công văn số 87/UBND-VP ngày 25/9/2018"],
    ["VII", "CẢI CÁCH TÀI CHÍNH CÔNG", "7", "6", "", ""],
    ["1", "Quy chế chi tiêu nội bộ", "2", "2", "", "Quyết định số 02/2018/QĐ-UBND ngày 15/01/2018"],
    ["2", "Công khai ngân sách", "2", "2", "", ""],
    ["3", "Quản lý, sử dụng tài sản công", "2", "2", "", ""],
    ["4", "Thực hiện kết luận thanh tra, kiểm tra tài chính", "1", "", "", ""],
]

# Sub-criteria lettered under a numbered criterion, points of the letters summing to the criterion's.
_TABLE_D = [
    ["STT", "Tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Điểm tự chấm", "Tài liệu kiểm chứng"],
    ["VIII", "HIỆN ĐẠI HÓA HÀNH CHÍNH", "8", "7", ""],
    ["8.1", "Kế hoạch ứng dụng CNTT", "2", "2", "Kế hoạch số 03/KH-UBND ngày 12/01/2018"],
    ["8.2", "Sử dụng phần mềm quản lý văn bản, thư điện tử công vụ", "2", "", ""],
    ["", "a) Sử dụng phần mềm quản lý văn bản", "1", "1", ""],
    ["", "b) Sử dụng thư điện tử công vụ", "1", "0,5", "Công văn số 64/UBND-VP ngày 30/8/2018"],
    ["8.3", "Cung cấp dịch vụ công trực tuyến mức độ 3, 4", "2", "1,5", ""],
    ["8.4", "Áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn ISO 9001", "2", "2",
     "Quyết định số 17/QĐ-UBND ngày 15/4/2018"],
]

# Evidence before the numbers.
_TABLE_E = [
    ["STT", "Tiêu chí", "Tài liệu kiểm chứng", "Điểm tối đa", "Điểm tự chấm"],
    ["II", "TỔ CHỨC THỰC HIỆN VĂN BẢN QUY PHẠM PHÁP LUẬT", "", "6", "5"],
    ["1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "Báo cáo số 16/BC-UBND ngày 05/3/2018", "2", "2"],
    ["2", "Phổ biến, giáo dục pháp luật", "Kế hoạch số 11/KH-UBND ngày 10-01-2018", "2", "1"],
    ["3", "Theo dõi tình hình thi hành pháp luật", "", "2", "2"],
]

# Code and name in one cell, no STT column; scores written with "đ"/"điểm"; evidence with commas.
_TABLE_G = [
    ["Tiêu chí, tiêu chí thành phần", "Số điểm tối đa", "Điểm thẩm định", "Số điểm tự chấm", "Tài liệu kiểm chứng, giải trình"],
    ["3. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "15đ", "", "14đ", ""],
    ["3.1. Kế hoạch kiểm soát TTHC", "3đ", "", "3đ", "Kế hoạch số 14/KH-UBND, ngày 22/01/2018 của UBND xã"],
    ["3.2. Công khai TTHC tại Bộ phận một cửa và trên cổng thông tin", "4đ", "", "4 điểm",
     "Thông báo số 15/TB-UBND, ngày 03/4/2018 và Biên bản số 12/BB-UBND, ngày 04/12/2018"],
    ["3.3. Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính", "4đ", "", "3đ", ""],
    ["3.4. Báo cáo tình hình, kết quả thực hiện kiểm soát TTHC định kỳ", "4đ", "", "4đ",
     "Báo cáo số 71/BC-UBND ngày 26/11/2018"],
    ["Tổng số điểm", "15", "", "14", ""],
]

# Self-score column before the maximum, lettered alternatives under a numbered criterion.
_TABLE_H = [
    ["STT", "Nội dung", "Điểm tự chấm", "Điểm tối đa", "Tài liệu kiểm chứng"],
    ["I", "Công tác chỉ đạo, điều hành CCHC", "8", "8", ""],
    ["1.1", "Kế hoạch CCHC năm", "", "4", "Kế hoạch số 05/KH-UBND ngày 10/01/2018"],
    ["", "a) Ban hành trước ngày 31/01", "4", "4", ""],
    ["", "b) Ban hành sau ngày 31/01", "", "2", ""],
    ["", "c) Không ban hành", "", "0", ""],
    ["1.4", "Tuyên truyền CCHC", "", "4", ""],
    ["", "a) Có kế hoạch tuyên truyền", "2", "2", "Kế hoạch số 10/KH-UBND ngày 20/01/2018"],
    ["", "b) Có báo cáo kết quả tuyên truyền", "2", "2", "Báo cáo số 95/BC-UBND ngày 05/12/2018"],
]

# Running numbers in STT, the catalog code inside the name; a decoy appraisal column after the self-score.
_TABLE_I = [
    ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm của UBND xã", "Điểm thẩm định của Hội đồng", "Tài liệu kiểm chứng"],
    ["1", "7.1. Ban hành Quy chế chi tiêu nội bộ", "2", "2", "2", "Quyết định số 02/2018/QĐ-UBND ngày 15/01/2018"],
    ["2", "7.2. Công khai dự toán, quyết toán ngân sách", "2", "1,5", "1", ""],
    ["3", "7.3. Quản lý, sử dụng tài sản công", "2", "2", "2", ""],
    ["4", "7.4. Thực hiện kết luận thanh tra, kiểm tra tài chính", "1", "0", "0", ""],
    ["", "Tổng cộng (VII)", "7", "5,5", "5", ""],
]

# Area rows numbered 1, 2 …; the sub-criteria lettered "a)", "b)" and named in the writer's words.
_TABLE_J = [
    ["TT", "Nội dung đánh giá", "Điểm tối đa", "Điểm tự đánh giá", "Tài liệu kiểm chứng"],
    ["5", "Cải cách tổ chức bộ máy", "8", "7", ""],
    ["a)", "Ban hành Quy chế làm việc của UBND xã", "3", "3", "Quyết định số 18/QĐ-UBND ngày 09/02/2018"],
    ["b)", "Phân công nhiệm vụ cho thành viên UBND và cán bộ, công chức", "3", "2", ""],
    ["c)", "Bố trí cán bộ, công chức, người hoạt động không chuyên trách đúng quy định", "2", "2", ""],
]

_TEXT_F = (
    "BẢNG TỰ CHẤM ĐIỂM\n"
    "STT Tiêu chí, tiêu chí thành phần Điểm tối đa Điểm tự chấm Tài liệu kiểm chứng\n"
    "I CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC 25 22\n"
    "1.1 Kế hoạch CCHC năm 4 4 Kế hoạch số 05/KH-UBND ngày 10/01/2018\n"
    "1.2 Mức độ thực hiện kế hoạch CCHC 4 3,5 Báo cáo số 112/BC-UBND ngày 10/12/2018\n"
    "1.3 Báo cáo định kỳ công tác CCHC 4 3\n"
    "1.4 Tuyên truyền CCHC 4 4\n"
    "1.5 Kiểm tra, tự kiểm tra công tác CCHC 3 2,5 Biên bản số 05/BB-UBND ngày 19/10/2018\n"
    "1.6 Thực hiện nhiệm vụ UBND huyện giao về CCHC 3 3\n"
    "1.7 Sáng kiến, mô hình mới trong CCHC 3 2\n"
    "Tổng cộng 25 22\n"
)

SA_CASES: list[tuple[str, str, str, list[list[str]] | None, str, dict]] = [
    (
        "sa_docx_tu_danh_gia_roman_areas_comma_decimals", "docx", SA_HEAD, _TABLE_A, "",
        dict(is_self=True,
             scores={"1.1": 4, "1.2": 3.5, "1.3": 3, "1.4": 4, "1.5": 2, "1.6": 3, "1.7": 0, "2.1": 2, "2.2": 2,
                     "2.3": 2, "3.1": 3, "3.2": 4, "3.3": 2, "3.4": 4},
             cited={"1.1": ["05/KH-UBND", "123/QĐ-UBND"], "1.3": ["07/BC-UBND", "36/BC-UBND", "58/BC-UBND"],
                    "1.5": [], "1.6": ["80/BC-UBND"]}),
    ),
    (
        "sa_docx_diem_chuan_trailing_dot_codes_numeric_areas", "docx", SA_HEAD, _TABLE_B, "",
        dict(is_self=True,
             scores={"4.1": 3, "4.2": 3, "4.3": 5, "4.4": 1, "4.5": 4, "5.1": 3, "5.2": 3, "5.3": 2},
             cited={"4.1": ["25/QĐ-UBND"], "4.4": ["03/CV-UBND"]}),
    ),
    (
        "sa_docx_merged_header_dat_duoc_numbered_within_area", "docx", SA_HEAD, _TABLE_C, "",
        dict(is_self=True,
             scores={"6.1": 3, "6.2": 2.5, "6.3": 3, "6.4": 3.5, "7.1": 2, "7.2": 2, "7.3": 2, "7.4": None},
             cited={"6.4": ["87/UBND-VP"], "7.1": ["02/2018/QĐ-UBND"]}),
    ),
    (
        "sa_docx_lettered_sub_items", "docx", SA_HEAD, _TABLE_D, "",
        dict(is_self=True, scores={"8.1": 2, "8.2": 1.5, "8.3": 1.5, "8.4": 2},
             cited={"8.2": ["64/UBND-VP"], "8.4": ["17/QĐ-UBND"]}),
    ),
    (
        "sa_docx_evidence_column_first", "docx", SA_HEAD, _TABLE_E, "",
        dict(is_self=True, scores={"2.1": 2, "2.2": 1, "2.3": 2}, cited={"2.2": ["11/KH-UBND"]}),
    ),
    (
        "sa_pdf_text_lines_only", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ VĨNH THÀNH Độc lập - Tự do - Hạnh phúc\n"
        "Số: 150/BC-UBND Vĩnh Thành, ngày 25 tháng 12 năm 2018\n"
        "BÁO CÁO\nKết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2018\n",
        None, _TEXT_F,
        dict(is_self=True, scores={"1.1": 4, "1.2": 3.5, "1.3": 3, "1.4": 4, "1.5": 2.5, "1.6": 3, "1.7": 2},
             cited={"1.1": ["05/KH-UBND"], "1.5": ["05/BB-UBND"]}),
    ),
    (
        "sa_docx_code_in_name_cell_diem_suffix_decoy_before_self", "docx", SA_HEAD, _TABLE_G, "",
        dict(is_self=True, scores={"3.1": 3, "3.2": 4, "3.3": 3, "3.4": 4},
             cited={"3.1": ["14/KH-UBND"], "3.2": ["15/TB-UBND", "12/BB-UBND"], "3.4": ["71/BC-UBND"]}),
    ),
    (
        "sa_docx_self_before_max_lettered_alternatives", "docx", SA_HEAD, _TABLE_H, "",
        dict(is_self=True, scores={"1.1": 4, "1.4": 4},
             cited={"1.1": ["05/KH-UBND"], "1.4": ["10/KH-UBND", "95/BC-UBND"]}),
    ),
    (
        "sa_pdf_text_lines_wrapped_names", "pdf",
        "UBND XÃ LÂM TÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 99/BC-UBND Lâm Tân, ngày 21 tháng 12 năm 2018\n"
        "BÁO CÁO\nTự đánh giá, chấm điểm Chỉ số CCHC năm 2018\n",
        None,
        "STT Tiêu chí/Tiêu chí thành phần Điểm tối đa Điểm tự đánh giá Tài liệu kiểm chứng\n"
        "VIII HIỆN ĐẠI HÓA HÀNH CHÍNH 8 6,5\n"
        "8.1 Kế hoạch ứng dụng công nghệ thông tin 2 2 Kế hoạch số 03/KH-UBND ngày\n12/01/2018\n"
        "8.2 Sử dụng phần mềm quản lý văn bản, thư điện\ntử công vụ 2 1,5\n"
        "8.3 Dịch vụ công trực tuyến 2 1\n"
        "8.4 Hệ thống quản lý chất lượng ISO 9001 2 2 Quyết định số 17/QĐ-UBND ngày 15/4/2018\n"
        "Tổng cộng 8 6,5\n",
        dict(is_self=True, scores={"8.1": 2, "8.2": 1.5, "8.3": 1, "8.4": 2},
             cited={"8.1": ["03/KH-UBND"], "8.4": ["17/QĐ-UBND"]}),
    ),
    (
        "sa_title_bang_tu_cham_no_symbol", "docx",
        docx_cols("ỦY BAN NHÂN DÂN\nXÃ TUÂN TỨC", MOTTO,
                  "BẢNG TỰ CHẤM ĐIỂM\nCHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018\n(Kèm theo Báo cáo số 95/BC-UBND ngày 20/12/2018)"),
        _TABLE_E, "",
        dict(is_self=True, scores={"2.1": 2, "2.2": 1, "2.3": 2}, cited={"2.1": ["16/BC-UBND"]}),
    ),
    (
        "sa_docx_running_numbers_code_in_name", "docx", SA_HEAD, _TABLE_I, "",
        dict(is_self=True, scores={"7.1": 2, "7.2": 1.5, "7.3": 2, "7.4": 0}, cited={"7.1": ["02/2018/QĐ-UBND"]}),
    ),
    (
        "sa_docx_lettered_criteria_under_numbered_area", "docx", SA_HEAD, _TABLE_J, "",
        dict(is_self=True, scores={"5.1": 3, "5.2": 2, "5.3": 2}, cited={"5.1": ["18/QĐ-UBND"], "5.2": []}),
    ),
    (
        "sa_pdf_lines_diem_chuan_self_first", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ CHÂU HƯNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 97/BC-UBND Châu Hưng, ngày 19 tháng 12 năm 2018\n"
        "BÁO CÁO\nKết quả tự chấm điểm Chỉ số cải cách hành chính năm 2018\n",
        None,
        "TT Nội dung Điểm tự chấm Điểm chuẩn Ghi chú\n"
        "III CẢI CÁCH THỦ TỤC HÀNH CHÍNH 12,5 15\n"
        "3.1 Kế hoạch kiểm soát TTHC 3 3 KH số 14/KH-UBND ngày 22/01/2018\n"
        "3.2 Công khai TTHC 3,5 4\n"
        "3.3 Tiếp nhận, xử lý PAKN về TTHC 2 4\n"
        "3.4 Báo cáo tình hình, kết quả kiểm soát TTHC 4 4 BC số 71/BC-UBND ngày 26/11/2018\n"
        "Cộng 12,5 15\n",
        dict(is_self=True, scores={"3.1": 3, "3.2": 3.5, "3.3": 2, "3.4": 4},
             cited={"3.1": ["14/KH-UBND"], "3.4": ["71/BC-UBND"]}),
    ),
    (
        "not_sa_plan_to_self_assess", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ THẠNH TRỊ\nSố: 60/KH-UBND",
            f"{MOTTO}\nThạnh Trị, ngày 01 tháng 11 năm 2018",
            "KẾ HOẠCH\nTriển khai tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2018\n"
            "I. MỤC ĐÍCH, YÊU CẦU",
        ),
        None, "",
        dict(is_self=False, scores={}, cited={}),
    ),
    (
        "not_sa_cover_letter", "docx",
        docx_cols(
            "ỦY BAN NHÂN DÂN\nXÃ VĨNH LỢI\nSố: 210/UBND-VP\nV/v gửi Báo cáo tự chấm điểm\nChỉ số CCHC năm 2018",
            f"{MOTTO}\nVĩnh Lợi, ngày 21 tháng 12 năm 2018",
            "Kính gửi: Phòng Nội vụ huyện Thạnh Trị.\nỦy ban nhân dân xã Vĩnh Lợi gửi kèm theo Báo cáo số 95/BC-UBND.",
        ),
        None, "",
        dict(is_self=False, scores={}, cited={}),
    ),
    (
        "not_sa_district_result_report", "pdf",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN THẠNH TRỊ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 301/BC-UBND Thạnh Trị, ngày 28 tháng 12 năm 2018\n"
        "BÁO CÁO\nKết quả xác định Chỉ số cải cách hành chính năm 2018\nđối với UBND các xã, thị trấn\n",
        None,
        "UBND các xã, thị trấn đã thực hiện nghiêm túc việc tự chấm điểm, xây dựng báo cáo tự chấm điểm.\n"
        "Việc chấm các tiêu chí dựa trên các căn cứ, tài liệu kiểm chứng.",
        dict(is_self=False, scores={}, cited={}),
    ),
]
