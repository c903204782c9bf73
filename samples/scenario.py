"""The sample scenario as data: which unit sent which document, how, and what it should score.

Every unit starts from "complete file, on time, self-score = max" and is then changed by a short,
readable list of deviations (missing / late / wrong-year items, self-score overrides). The draft
scores are then *computed* from the documents with the catalog's rules (`score_unit`) and checked
against the seed report's table (`SEED_TABLE`), so the scenario can never silently drift from it.

Conventions the ground truth uses (other modules' tests read them):
- `rotation`: degrees counter-clockwise (PIL ``Image.rotate(rotation, expand=True)``) that turn the
  scanned page upright; `skew`: the small counter-clockwise tilt applied to the upright page.
- DOCX files are one "page": a DOCX document has first_page = last_page = 1.
- `period`: the period the title names, whatever the type (quý I → Q1, 6 tháng đầu → H1,
  quý III / 9 tháng → Q3, otherwise "năm 2018" → Y); null when the title names none.
- `title`: type name + trích yếu ("Kế hoạch cải cách hành chính năm 2018", "Quyết định về việc ...");
  a letter (CV) has its subject line as title ("V/v xin lỗi do giải quyết hồ sơ trễ hạn").
- Flags are a multiset of {code, criterion}; `late_document` / `wrong_period` once per (document,
  criterion). A claim above the maximum is both `self_score_exceeds_max` and `partial_evidence`
  (the evidence, at most the maximum, is below the claim). The unmapped folder is not scored: its
  entry has draft_total 0, no criteria, and only `unknown_unit` (a folder of no unit owes no self-assessment).
- Duplicate groups: `keep` is the born-digital copy (DOCX, then text PDF), else the least skewed
  upright scan; for two identical files, the first path in sort order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.core.normalize import strip_accents

PERIOD_YEAR = 2018

# The seed report's table: total, then areas 1..8 (25/6/15/18/8/13/7/8).
SEED_TABLE: dict[str, tuple[int, list[int]]] = {
    "Xã Vĩnh Thành": (93, [20, 6, 13, 18, 8, 13, 7, 8]),
    "TT Phú Lộc": (92, [21, 6, 13, 18, 8, 13, 5, 8]),
    "Xã Thạnh Trị": (92, [21, 6, 13, 18, 8, 11, 7, 8]),
    "Xã Thạnh Tân": (89, [20, 6, 13, 18, 8, 12, 5, 7]),
    "Xã Tuân Tức": (89, [21, 6, 13, 14, 8, 13, 7, 7]),
    "Xã Châu Hưng": (88, [21, 6, 10, 18, 8, 12, 5, 8]),
    "Xã Lâm Tân": (88, [21, 6, 13, 15, 8, 12, 5, 8]),
    "Xã Vĩnh Lợi": (85, [21, 2, 13, 18, 8, 13, 3, 7]),
    "TT Hưng Lợi": (80, [21, 2, 13, 16, 8, 11, 4, 5]),
    "Xã Lâm Kiệt": (71, [20, 2, 13, 12, 2, 11, 3, 8]),
}

TYPE_HEAD = {"KH": "KẾ HOẠCH", "BC": "BÁO CÁO", "QĐ": "QUYẾT ĐỊNH", "BB": "BIÊN BẢN", "TB": "THÔNG BÁO"}
TYPE_NAME = {"KH": "Kế hoạch", "BC": "Báo cáo", "QĐ": "Quyết định", "BB": "Biên bản", "CV": "Công văn",
             "TB": "Thông báo"}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def fold(text: str) -> str:
    """Accent-free text, as a clerk types a file name on a keyboard without Vietnamese input
    (the pipeline's own accent folding, case kept)."""
    return strip_accents(text)


# ---- units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    name: str  # as in config/units.yaml
    kind: str  # "xã" | "thị trấn"
    short: str  # "Vĩnh Thành"
    folder: str  # as the clerk typed it (exact code points written to disk)
    chair: str
    vice: str
    subfolders: bool  # files grouped in sub-folders by area
    name_style: str  # "ascii" | "viet" | "symbol"

    @property
    def upper(self) -> str:
        return f"{'XÃ' if self.kind == 'xã' else 'THỊ TRẤN'} {self.short.upper()}"

    @property
    def prose(self) -> str:
        return f"{self.kind} {self.short}"


UNITS: list[UnitInfo] = [
    UnitInfo("Xã Vĩnh Thành", "xã", "Vĩnh Thành", "Xã Vĩnh Thành", "Trần Văn Hùng", "Lê Thị Mỹ Linh", True, "symbol"),
    UnitInfo("TT Phú Lộc", "thị trấn", "Phú Lộc", "TT Phu Loc", "Nguyễn Thanh Phong", "Lâm Văn Sáu", False, "ascii"),
    UnitInfo("Xã Thạnh Trị", "xã", "Thạnh Trị", "xa thanh tri", "Huỳnh Văn Toàn", "Trương Thị Bé Ba", True, "viet"),
    UnitInfo("Xã Thạnh Tân", "xã", "Thạnh Tân", nfd("Xã Thạnh Tân"), "Lý Minh Đức", "Phan Văn Hậu", False, "viet"),
    UnitInfo("Xã Tuân Tức", "xã", "Tuân Tức", "XA TUAN TUC", "Thạch Sô Phên", "Kim Thị Sa Rết", False, "ascii"),
    UnitInfo("Xã Châu Hưng", "xã", "Châu Hưng", "Xa Chau Hung", "Võ Minh Tâm", "Đặng Văn Nhựt", True, "symbol"),
    UnitInfo("Xã Lâm Tân", "xã", "Lâm Tân", "xã lâm tân", "Sơn Văn Hiếu", "Nguyễn Thị Thu Hà", False, "viet"),
    UnitInfo("Xã Vĩnh Lợi", "xã", "Vĩnh Lợi", "VINH LOI", "Châu Văn Lành", "Dương Hoàng Nam", False, "ascii"),
    UnitInfo("TT Hưng Lợi", "thị trấn", "Hưng Lợi", "thi tran Hung Loi", "Tô Văn Mười", "Lưu Thị Kim Cúc", True, "ascii"),
    UnitInfo("Xã Lâm Kiệt", "xã", "Lâm Kiệt", nfd("Xã Lâm Kiệt"), "Danh Thanh Sơn", "Lý Thị Hồng Nhung", False, "symbol"),
]
UNKNOWN_FOLDER = "Phong Noi vu - tai lieu chung"


@dataclass(frozen=True)
class Deviation:
    """How a unit differs from "complete file, on time, self-score = max"."""

    missing: frozenset[str] = frozenset()  # evidence item ids with no document
    late: frozenset[str] = frozenset()  # item ids whose document is dated after the deadline
    wrong_year: frozenset[str] = frozenset()  # item ids whose document is dated 2017
    self_scores: dict[str, int] = field(default_factory=dict)  # criterion -> self-score override
    has_initiative: bool = False  # 1.7: a district decision recognising an initiative


def _dev(missing=(), late=(), wrong_year=(), has_initiative=False, **self_scores: int) -> Deviation:
    scores = {k[1:].replace("_", "."): v for k, v in self_scores.items()}  # s3_3=2 -> "3.3": 2
    return Deviation(frozenset(missing), frozenset(late), frozenset(wrong_year), scores, has_initiative)


DEVIATIONS: dict[str, Deviation] = {
    # 1.3 missing Q1 and Q3 while claiming 4; PAKN honestly self-scored 2.
    "Xã Vĩnh Thành": _dev(missing={"1.3.Q1", "1.3.Q3"}, s3_3=2),
    # Q1 report and the annual report (1.3.Y) both late; claims 7 of 6 for 4.3; no 7.3 decision.
    "TT Phú Lộc": _dev(late={"1.3.Q1", "1.3.Y"}, missing={"7.3"}, s3_2=3, s3_4=3, s4_3=7, s7_3=0),
    # Annual plan issued in February (late); H1 report and the 1.5 minutes missing.
    "Xã Thạnh Trị": _dev(late={"1.1"}, missing={"1.3.H1", "1.5.BC"}, has_initiative=True, s1_3=3, s3_3=2, s6_2=1),
    # No communication plan (1.4), no 7.4 report.
    "Xã Thạnh Tân": _dev(missing={"1.4.KH", "7.4"}, s1_4=2, s3_4=2, s6_3=2, s7_2=1, s7_4=0, s8_4=1),
    # Q3 report missing; claims the apology letter (4.4) without sending it.
    "Xã Tuân Tức": _dev(missing={"1.3.Q3", "4.4"}, s1_3=3, s3_3=2, s4_5=2, s8_3=1),
    # No TTHC control plan (3.1) and no spending rules (7.1), both claimed.
    "Xã Châu Hưng": _dev(missing={"3.1", "7.1"}, s1_6=2, s3_3=2, s6_2=2),
    # The 1.5 inspection minutes are from December 2017; 7.3 claimed without a document.
    "Xã Lâm Tân": _dev(wrong_year={"1.5.BC"}, missing={"4.4", "7.3"}, s3_3=2, s4_3=5, s4_4=0, s6_4=3),
    # No PBGDPL plan, no 2.3; no 1.5 plan, no 1.4 report; 7.2/7.3 absent.
    "Xã Vĩnh Lợi": _dev(missing={"1.5.KH", "1.4.BC", "2.2", "2.3", "7.2", "7.3"}, has_initiative=True,
                        s1_4=2, s1_5=1, s3_2=3, s3_3=3, s7_2=0, s7_3=0, s8_2=1),
    # Q1 report missing (claims 4); 2.1/2.2, apology letter, 7.3/7.4 and the IT plan missing.
    "TT Hưng Lợi": _dev(missing={"1.3.Q1", "2.1", "2.2", "4.4", "7.3", "7.4", "8.1"},
                        s2_1=0, s2_2=0, s3_3=2, s6_2=1, s7_3=0, s7_4=0, s8_1=0, s8_4=1),
    # The weakest file: working rules of 2017, no task assignment, no survey, many gaps.
    "Xã Lâm Kiệt": _dev(missing={"1.3.H1", "1.3.Q3", "2.2", "2.3", "4.5", "5.2", "7.1", "7.3"},
                        wrong_year={"5.1"}, s1_3=2, s2_2=0, s2_3=0, s3_4=2, s4_3=4, s4_5=0, s6_4=2, s7_3=0),
}

# ---- what each evidence item's document looks like ----------------------------------------------

# item id -> (doc type, (month, day), [(head-less trích yếu variants)], [topic sentences], long?)
# Trích yếu variants are worded the way clerks word them, with and without abbreviations.
ITEM_DOCS: dict[str, tuple[str, tuple[int, int], list[str], list[str], bool]] = {
    "1.1": ("KH", (1, 10), ["Cải cách hành chính năm 2018", "Thực hiện công tác CCHC năm 2018",
                            "Cải cách hành chính năm 2018 của UBND {kind} {short}"],
            ["Đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng giải quyết hồ sơ tại Bộ phận tiếp nhận và trả kết quả.",
             "Phấn đấu 100% hồ sơ thủ tục hành chính được giải quyết đúng và trước hạn, không để tồn đọng.",
             "Tiếp tục rà soát, sắp xếp tổ chức bộ máy, bố trí cán bộ, công chức đúng vị trí việc làm.",
             "Tăng cường ứng dụng công nghệ thông tin trong hoạt động quản lý, điều hành của Ủy ban nhân dân."], True),
    "1.2": ("BC", (12, 10), ["Kết quả cải cách hành chính năm 2018", "Kết quả thực hiện kế hoạch CCHC năm 2018",
                             "Tình hình thực hiện kế hoạch cải cách hành chính năm 2018"],
            ["Ủy ban nhân dân đã ban hành đầy đủ kế hoạch cải cách hành chính và các kế hoạch chuyên đề trong năm.",
             "Trong năm, Bộ phận tiếp nhận và trả kết quả đã tiếp nhận {n1} hồ sơ, giải quyết đúng hạn {n2} hồ sơ.",
             "Công tác tuyên truyền cải cách hành chính được lồng ghép trong các cuộc họp dân ở ấp.",
             "Việc đánh giá, phân loại cán bộ, công chức được thực hiện đúng quy định, khách quan."], True),
    "1.3.Q1": ("BC", (3, 15), [], [], False),  # periodic reports use the unit's quarterly template
    "1.3.H1": ("BC", (6, 15), [], [], False),
    "1.3.Q3": ("BC", (9, 14), [], [], False),
    "1.4.KH": ("KH", (1, 25), ["Tuyên truyền cải cách hành chính năm 2018", "Thông tin, tuyên truyền CCHC năm 2018"],
               ["Tuyên truyền sâu rộng đến cán bộ, công chức và nhân dân về mục tiêu, nhiệm vụ cải cách hành chính.",
                "Niêm yết các thủ tục hành chính tại trụ sở và phát thanh trên hệ thống loa truyền thanh ấp.",
                "Lồng ghép nội dung cải cách hành chính vào sinh hoạt của các đoàn thể."], False),
    "1.4.BC": ("BC", (11, 20), ["Kết quả tuyên truyền cải cách hành chính năm 2018", "Công tác tuyên truyền CCHC năm 2018"],
               ["Đã tổ chức {n3} cuộc tuyên truyền với hơn {n1} lượt người tham dự.",
                "Đài truyền thanh phát {n3} chuyên mục về cải cách thủ tục hành chính.",
                "Người dân đã nắm được quy trình nộp hồ sơ tại Bộ phận một cửa."], False),
    "1.5.KH": ("KH", (2, 8), ["Tự kiểm tra công tác cải cách hành chính năm 2018", "Kiểm tra công tác CCHC năm 2018"],
               ["Kiểm tra việc thực hiện kế hoạch cải cách hành chính tại các bộ phận chuyên môn.",
                "Thành lập tổ kiểm tra do Phó Chủ tịch Ủy ban nhân dân làm tổ trưởng.",
                "Thời gian kiểm tra dự kiến trong quý III năm 2018."], False),
    "1.5.BC": ("BB", (10, 25), ["Kiểm tra công tác cải cách hành chính", "Kiểm tra công tác CCHC tại UBND {kind}"],
               ["Hôm nay, vào lúc 8 giờ 00, tại hội trường Ủy ban nhân dân, tổ kiểm tra tiến hành kiểm tra công tác cải cách hành chính.",
                "Tổ kiểm tra đã xem xét hồ sơ, sổ theo dõi tiếp nhận và trả kết quả giải quyết thủ tục hành chính.",
                "Kết luận: đơn vị thực hiện tương đối tốt các nội dung theo kế hoạch."], False),
    "1.6": ("BC", (11, 30), ["Kết quả thực hiện nhiệm vụ được giao về cải cách hành chính năm 2018",
                             "Kết quả thực hiện nhiệm vụ UBND huyện giao về CCHC năm 2018"],
            ["Các nhiệm vụ Ủy ban nhân dân huyện giao đều được triển khai thực hiện đúng tiến độ.",
             "Đã hoàn thành {n3} trên {n3} nhiệm vụ được giao trong năm 2018."], False),
    "1.7": ("QĐ", (10, 15), ["Về việc công nhận sáng kiến cải cách hành chính năm 2018",
                             "Công nhận mô hình mới trong cải cách hành chính năm 2018"],
            ["Công nhận mô hình “Tiếp nhận hồ sơ tại nhà cho người cao tuổi” của Ủy ban nhân dân {kind} {short}.",
             "Mô hình được áp dụng có hiệu quả, giảm thời gian đi lại của người dân."], False),
    "2.1": ("KH", (3, 5), ["Rà soát, hệ thống hóa văn bản quy phạm pháp luật năm 2018", "Rà soát, hệ thống hóa VBQPPL năm 2018"],
            ["Rà soát toàn bộ văn bản quy phạm pháp luật do Hội đồng nhân dân và Ủy ban nhân dân ban hành.",
             "Công chức Tư pháp - Hộ tịch chủ trì, phối hợp với Văn phòng - Thống kê thực hiện."], False),
    "2.2": ("KH", (1, 20), ["Phổ biến, giáo dục pháp luật năm 2018", "Tuyên truyền, PBGDPL năm 2018"],
            ["Phổ biến các luật mới có hiệu lực đến cán bộ và nhân dân trên địa bàn.",
             "Duy trì hoạt động của tủ sách pháp luật và các tổ hòa giải ở ấp."], False),
    "2.3": ("BC", (11, 12), ["Công tác theo dõi tình hình thi hành pháp luật năm 2018",
                             "Kết quả theo dõi thi hành pháp luật năm 2018"],
            ["Việc thi hành pháp luật trên địa bàn được theo dõi thường xuyên, chưa phát hiện vướng mắc lớn.",
             "Đã kiểm tra {n3} lĩnh vực: đất đai, hộ tịch, an toàn thực phẩm."], False),
    "3.1": ("KH", (1, 18), ["Kiểm soát thủ tục hành chính năm 2018", "Rà soát, đánh giá TTHC năm 2018"],
            ["Kiểm soát chặt chẽ việc thực hiện thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả.",
             "Rà soát, đánh giá các thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã."], False),
    "3.2": ("BB", (4, 10), ["Kiểm tra việc niêm yết, công khai thủ tục hành chính",
                            "Niêm yết, công khai TTHC tại Bộ phận một cửa"],
            ["Bộ phận một cửa đã niêm yết đầy đủ {n3} thủ tục hành chính thuộc thẩm quyền giải quyết.",
             "Bảng niêm yết đặt ở vị trí thuận tiện, dễ đọc, dễ tra cứu."], False),
    "3.3": ("BC", (11, 22), ["Tình hình tiếp nhận, xử lý phản ánh, kiến nghị về TTHC năm 2018",
                             "Kết quả tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính"],
            ["Trong năm, Ủy ban nhân dân tiếp nhận {n3} phản ánh, kiến nghị về thủ tục hành chính.",
             "Các phản ánh đều được xem xét, trả lời đúng thời hạn quy định."], False),
    "3.4": ("BC", (11, 26), ["Tình hình, kết quả kiểm soát thủ tục hành chính năm 2018", "Kết quả kiểm soát TTHC năm 2018"],
            ["Việc kiểm soát thủ tục hành chính được thực hiện theo đúng kế hoạch đã ban hành.",
             "Không có thủ tục hành chính nào yêu cầu thêm thành phần hồ sơ ngoài quy định."], False),
    "4.1": ("QĐ", (1, 5), ["Về việc kiện toàn Bộ phận tiếp nhận và trả kết quả {kind} {short}",
                           "Ban hành Quy chế hoạt động của Bộ phận tiếp nhận và trả kết quả"],
            ["Kiện toàn Bộ phận tiếp nhận và trả kết quả gồm các công chức chuyên môn sau đây.",
             "Bộ phận có trách nhiệm hướng dẫn, tiếp nhận hồ sơ và trả kết quả cho tổ chức, cá nhân."], False),
    "4.2": ("BC", (7, 16), ["Thực trạng cơ sở vật chất, trang thiết bị Bộ phận một cửa",
                            "Cơ sở vật chất Bộ phận tiếp nhận và trả kết quả"],
            ["Bộ phận một cửa được bố trí phòng làm việc rộng {n3}0 mét vuông, có ghế ngồi chờ và máy vi tính.",
             "Trang thiết bị cơ bản đáp ứng yêu cầu phục vụ người dân."], False),
    "4.3": ("BC", (11, 28), ["Kết quả giải quyết hồ sơ thủ tục hành chính năm 2018", "Tình hình giải quyết hồ sơ TTHC năm 2018"],
            ["Tổng số hồ sơ tiếp nhận trong năm là {n1} hồ sơ, đã giải quyết {n2} hồ sơ.",
             "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%.",
             "Số hồ sơ trễ hạn đã được thông báo và xin lỗi người dân theo quy định."], False),
    "4.4": ("CV", (8, 14), ["Xin lỗi do giải quyết hồ sơ trễ hạn", "Xin lỗi tổ chức, công dân về việc trễ hẹn trả kết quả"],
            ["Ủy ban nhân dân chân thành xin lỗi ông (bà) vì hồ sơ đăng ký đã được trả kết quả chậm so với giấy hẹn.",
             "Nguyên nhân: hồ sơ cần xác minh thêm thông tin tại ấp. Kết quả sẽ được trả trong thời gian sớm nhất."], False),
    "4.5": ("KH", (5, 10), ["Khảo sát mức độ hài lòng của người dân, tổ chức năm 2018",
                            "Khảo sát sự hài lòng của người dân đối với dịch vụ hành chính công"],
            ["Khảo sát {n3}0 người dân đến giao dịch tại Bộ phận một cửa bằng phiếu hỏi.",
             "Kết quả khảo sát là căn cứ để cải thiện chất lượng phục vụ."], False),
    "5.1": ("QĐ", (1, 8), ["Về việc ban hành Quy chế làm việc của Ủy ban nhân dân {kind} {short}",
                           "Ban hành Quy chế làm việc của UBND {kind} nhiệm kỳ 2016 - 2021"],
            ["Ban hành kèm theo Quyết định này Quy chế làm việc của Ủy ban nhân dân.",
             "Quy chế quy định nguyên tắc, chế độ trách nhiệm, lề lối làm việc của Ủy ban nhân dân."], False),
    "5.2": ("QĐ", (1, 9), ["Về việc phân công nhiệm vụ thành viên Ủy ban nhân dân {kind}",
                           "Phân công nhiệm vụ cán bộ, công chức năm 2018"],
            ["Phân công nhiệm vụ cụ thể cho Chủ tịch, Phó Chủ tịch và các Ủy viên Ủy ban nhân dân.",
             "Các công chức chuyên môn thực hiện nhiệm vụ theo lĩnh vực được giao."], False),
    "5.3": ("BC", (6, 25), ["Số lượng, bố trí cán bộ, công chức và người hoạt động không chuyên trách",
                            "Tình hình bố trí cán bộ, công chức, người hoạt động không chuyên trách"],
            ["Tổng số cán bộ, công chức là {n3} người, người hoạt động không chuyên trách là {n3} người.",
             "Việc bố trí đúng số lượng theo quy định của Chính phủ."], False),
    "6.1": ("KH", (2, 2), ["Đào tạo, bồi dưỡng cán bộ, công chức năm 2018", "ĐTBD CBCC năm 2018"],
            ["Cử cán bộ, công chức tham gia các lớp bồi dưỡng lý luận chính trị và chuyên môn nghiệp vụ.",
             "Ưu tiên đào tạo công chức chưa đạt chuẩn về trình độ."], False),
    "6.2": ("BC", (7, 5), ["Trình độ chuyên môn cán bộ, công chức năm 2018", "Kết quả chuẩn hóa cán bộ, công chức"],
            ["Có {n3} cán bộ, công chức đạt chuẩn về trình độ chuyên môn.",
             "Số công chức còn lại đang theo học để đạt chuẩn."], False),
    "6.3": ("BC", (12, 14), ["Kết quả đánh giá, phân loại cán bộ, công chức năm 2018",
                             "Đánh giá, xếp loại cán bộ, công chức năm 2018"],
            ["Kết quả: {n3} người hoàn thành xuất sắc nhiệm vụ, số còn lại hoàn thành tốt nhiệm vụ.",
             "Việc đánh giá được thực hiện công khai, dân chủ."], False),
    "6.4": ("BC", (11, 5), ["Tình hình chấp hành kỷ luật, kỷ cương hành chính năm 2018",
                            "Kết quả thực hiện kỷ luật, kỷ cương hành chính"],
            ["Cán bộ, công chức chấp hành nghiêm giờ giấc làm việc và nội quy cơ quan.",
             "Trong năm không có trường hợp vi phạm phải xử lý kỷ luật."], False),
    "7.1": ("QĐ", (1, 12), ["Ban hành Quy chế chi tiêu nội bộ năm 2018", "Về việc ban hành Quy chế chi tiêu nội bộ"],
            ["Ban hành kèm theo Quyết định này Quy chế chi tiêu nội bộ của Ủy ban nhân dân.",
             "Quy chế áp dụng từ ngày 01 tháng 01 năm 2018."], False),
    "7.2": ("QĐ", (1, 30), ["Về việc công bố công khai dự toán ngân sách {kind} năm 2018",
                            "Công bố công khai dự toán ngân sách năm 2018"],
            ["Công bố công khai số liệu dự toán ngân sách năm 2018 theo các biểu đính kèm.",
             "Hình thức công khai: niêm yết tại trụ sở Ủy ban nhân dân trong thời gian 90 ngày."], False),
    "7.3": ("QĐ", (3, 20), ["Ban hành Quy chế quản lý, sử dụng tài sản công", "Về việc ban hành Quy chế quản lý, sử dụng tài sản công"],
            ["Ban hành kèm theo Quyết định này Quy chế quản lý, sử dụng tài sản công tại cơ quan.",
             "Tài sản được theo dõi, kiểm kê định kỳ hằng năm."], False),
    "7.4": ("BC", (9, 28), ["Kết quả thực hiện kết luận thanh tra, kiểm tra tài chính",
                            "Thực hiện kết luận thanh tra, kiểm tra về tài chính ngân sách"],
            ["Đơn vị đã khắc phục toàn bộ các tồn tại theo kết luận thanh tra.",
             "Số tiền thu hồi nộp ngân sách đã thực hiện đầy đủ."], False),
    "8.1": ("KH", (1, 22), ["Ứng dụng công nghệ thông tin năm 2018", "Ứng dụng CNTT trong hoạt động của cơ quan năm 2018"],
            ["Duy trì hoạt động của phần mềm quản lý văn bản và điều hành.",
             "Trang bị thêm {n3} máy vi tính cho các bộ phận chuyên môn."], False),
    "8.2": ("BC", (10, 8), ["Tình hình sử dụng phần mềm quản lý văn bản và thư điện tử công vụ",
                            "Sử dụng phần mềm quản lý văn bản, thư điện tử năm 2018"],
            ["100% văn bản đến được cập nhật trên phần mềm quản lý văn bản.",
             "Cán bộ, công chức sử dụng thư điện tử công vụ trong trao đổi công việc."], False),
    "8.3": ("BC", (10, 30), ["Kết quả cung cấp dịch vụ công trực tuyến năm 2018", "Tình hình cung cấp dịch vụ công trực tuyến"],
            ["Đã tiếp nhận {n3} hồ sơ qua dịch vụ công trực tuyến mức độ 3.",
             "Tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến."], False),
    "8.4": ("QĐ", (4, 16), ["Công bố Hệ thống quản lý chất lượng theo tiêu chuẩn ISO 9001:2008",
                            "Về việc công bố hệ thống quản lý chất lượng phù hợp tiêu chuẩn ISO 9001:2008"],
            ["Công bố Hệ thống quản lý chất lượng của Ủy ban nhân dân phù hợp tiêu chuẩn quốc gia.",
             "Phạm vi áp dụng: các thủ tục hành chính thuộc thẩm quyền giải quyết."], False),
}

QUARTER_TEMPLATES = [
    ("Công tác cải cách hành chính {period} năm 2018", {"Q1": "quý I", "H1": "6 tháng đầu", "Q3": "quý III"}),
    ("Kết quả cải cách hành chính {period} năm 2018", {"Q1": "quý I", "H1": "6 tháng đầu", "Q3": "quý III"}),
    ("Công tác CCHC {period} năm 2018", {"Q1": "quý I", "H1": "6 tháng đầu", "Q3": "9 tháng đầu"}),
]
QUARTER_SENTENCES = {
    "Q1": ["Ngay từ đầu năm, Ủy ban nhân dân đã ban hành kế hoạch cải cách hành chính và phân công thực hiện.",
           "Tổ chức hội nghị triển khai nhiệm vụ cải cách hành chính năm 2018 đến cán bộ, công chức."],
    "H1": ["Sáu tháng đầu năm, việc niêm yết công khai thủ tục hành chính được duy trì đầy đủ.",
           "Đã cử {n3} công chức tham gia lớp tập huấn nghiệp vụ do huyện tổ chức.",
           "Đã sơ kết công tác cải cách hành chính 6 tháng đầu năm tại cuộc họp thường kỳ."],
    "Q3": ["Trong quý III, Ủy ban nhân dân tiến hành tự kiểm tra công tác cải cách hành chính tại các bộ phận.",
           "Hệ thống loa truyền thanh phát {n3} tin bài về thủ tục hành chính mới.",
           "Tiếp tục triển khai dịch vụ công trực tuyến mức độ 3 đối với lĩnh vực hộ tịch.",
           "Khắc phục các hạn chế được chỉ ra qua đợt kiểm tra của huyện."],
}
QUARTER_FIGURES = "Trong kỳ, Bộ phận tiếp nhận và trả kết quả tiếp nhận {n1} hồ sơ, đã giải quyết {n2} hồ sơ, trong đó đúng hạn {n2} hồ sơ."

GENERIC = {
    "KH": (["I. MỤC ĐÍCH, YÊU CẦU",
            "Nhằm triển khai thực hiện có hiệu quả các nhiệm vụ được giao, gắn trách nhiệm của người đứng đầu với kết quả thực hiện.",
            "Yêu cầu các bộ phận chuyên môn chủ động phối hợp, tổ chức thực hiện nghiêm túc, đúng tiến độ."],
           ["II. NỘI DUNG THỰC HIỆN"],
           ["III. TỔ CHỨC THỰC HIỆN",
            "Văn phòng - Thống kê có trách nhiệm theo dõi, tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân huyện.",
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các bộ phận báo cáo Chủ tịch Ủy ban nhân dân để xem xét, giải quyết."]),
    "BC": ([], ["I. KẾT QUẢ THỰC HIỆN"],
           ["II. TỒN TẠI, HẠN CHẾ",
            "Một số công chức còn kiêm nhiệm nhiều việc nên việc cập nhật, báo cáo có lúc chưa kịp thời.",
            "Cơ sở vật chất, trang thiết bị phục vụ công tác còn hạn chế.",
            "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "Tiếp tục quán triệt, triển khai các văn bản chỉ đạo của cấp trên.",
            "Nâng cao tinh thần trách nhiệm, thái độ phục vụ của cán bộ, công chức."]),
    "QĐ": (["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ tình hình thực tế của địa phương;", "Xét đề nghị của công chức Văn phòng - Thống kê,"],
           ["QUYẾT ĐỊNH:"],
           ["Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Công chức Văn phòng - Thống kê và các cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này."]),
    "BB": (["Thành phần gồm: đại diện lãnh đạo Ủy ban nhân dân, công chức Văn phòng - Thống kê và các công chức chuyên môn."],
           ["NỘI DUNG"],
           ["Biên bản kết thúc vào lúc 10 giờ 30 cùng ngày, đã đọc lại cho các thành viên cùng nghe và thống nhất ký tên."]),
    "CV": (["Kính gửi: Ông (bà) có hồ sơ giải quyết trễ hạn."], [],
           ["Ủy ban nhân dân rất mong nhận được sự thông cảm của ông (bà)."]),
}
EXTRA_SENTENCES = [
    "Ủy ban nhân dân thường xuyên chỉ đạo các bộ phận thực hiện nghiêm các quy định về cải cách hành chính.",
    "Việc triển khai được gắn với phong trào thi đua yêu nước và đánh giá cán bộ, công chức cuối năm.",
    "Các ấp phối hợp tốt trong việc thông tin đến người dân.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách xã theo dự toán được giao.",
    "Người đứng đầu chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện.",
    "Định kỳ hằng quý, các bộ phận báo cáo kết quả về Văn phòng - Thống kê để tổng hợp.",
    "Chế độ thông tin, báo cáo được thực hiện đầy đủ theo yêu cầu của Phòng Nội vụ huyện.",
    "Đội ngũ công chức tại Bộ phận một cửa có thái độ phục vụ niềm nở, tận tình.",
    "Trong kỳ không phát sinh đơn thư khiếu nại liên quan đến lĩnh vực này.",
    "Tổ chức lấy ý kiến của nhân dân tại các cuộc họp ấp để hoàn thiện nội dung.",
    "Kết quả thực hiện là một trong các tiêu chí bình xét thi đua của đơn vị.",
    "Các tổ chức đoàn thể tích cực tham gia vận động hội viên thực hiện.",
]

RECIPIENTS = [["UBND huyện Thạnh Trị;", "Phòng Nội vụ huyện;", "TT. Đảng ủy, HĐND {kind};", "Lưu: VT."],
              ["Phòng Nội vụ huyện (b/c);", "Chủ tịch, các PCT UBND {kind};", "Các ấp;", "Lưu: VT, VP."],
              ["Như Điều 3;", "UBND huyện (b/c);", "Lưu: VT."]]


# ---- the documents ---------------------------------------------------------------------------------


@dataclass
class DocSpec:
    key: str  # unit-local, stable: item id, "sa", "irrelevant-1", ...
    doc_type: str  # KH, BC, QĐ, BB, CV
    date: dt.date
    trich_yeu: str  # as printed under the type heading (or after "V/v" for a letter)
    issuer: tuple[str, str]  # ("ỦY BAN NHÂN DÂN", "XÃ VĨNH THÀNH")
    place: str
    signer: tuple[str, str, str]
    recipients: list[str]
    body: list[tuple[str, str]]  # (style, text): "p" paragraph, "h" bold heading, "c" centered bold
    items: list[str] = field(default_factory=list)  # evidence item ids it supports (scoring)
    criteria: list[str] = field(default_factory=list)  # codes its type + title match
    cited_for: list[str] = field(default_factory=list)  # codes the self-assessment cites it for
    number: int | None = None
    symbol: str | None = None
    is_self_assessment: bool = False
    table: list[dict] | None = None  # self-assessment rows
    long: bool = False

    @property
    def title(self) -> str:
        """The title as the metadata stage should read it: type name + trích yếu."""
        if self.doc_type == "CV":
            return f"V/v {self.trich_yeu[0].lower()}{self.trich_yeu[1:]}"
        first = self.trich_yeu.split()[0]
        keep = first.isupper() and len(first) > 1
        rest = self.trich_yeu if keep else self.trich_yeu[0].lower() + self.trich_yeu[1:]
        return f"{TYPE_NAME[self.doc_type]} {rest}"

    @property
    def period(self) -> str | None:
        t = self.trich_yeu.lower()
        if "quý iii" in t or "9 tháng" in t:
            return "Q3"
        if "quý i " in t + " ":
            return "Q1"
        if "6 tháng" in t:
            return "H1"
        if re.search(r"năm (19|20)\d\d", t):
            return "Y"
        return None

    @property
    def all_criteria(self) -> list[str]:
        return sorted(set(self.criteria) | set(self.cited_for), key=_code_key)

    def citation(self) -> str:
        name = TYPE_NAME[self.doc_type]
        return f"{name} số {self.symbol} ngày {self.date.day:02d}/{self.date.month:02d}/{self.date.year}"


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(x) for x in code.split("."))


@dataclass
class FileSpec:
    path: str  # inbox-relative, '/' separators, exact code points
    unit: str | None
    format: str  # docx | text_pdf | scan_pdf | photo_jpg | bundle_pdf | broken
    docs: list[DocSpec] = field(default_factory=list)
    error_code: str | None = None
    broken: str | None = None  # empty | truncated | encrypted | not_zip | unsupported
    copy_of: str | None = None  # byte copy of this other file
    render_seed: str = ""  # seeds the scan noise: a rescan differs from its sibling
    rotations: list[int] = field(default_factory=list)  # per document
    skews: list[float] = field(default_factory=list)  # per document
    jpeg_as_pdf: bool = False


@dataclass
class UnitScenario:
    info: UnitInfo | None
    folder: str
    docs: list[DocSpec]
    files: list[FileSpec]
    self_scores: dict[str, int]
    dup_groups: list[dict]  # {"id", "signal", "members": [(path, first_doc_index)], "keep": path}
    siblings: list[tuple[str, str]]  # doc keys that are template siblings (not duplicates)


def _place_line(place: str, d: dt.date) -> str:
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {day} tháng {month} năm {d.year}"


def place_line(doc: DocSpec) -> str:
    return _place_line(doc.place, doc.date)


def _fill(text: str, info: UnitInfo, rng: random.Random) -> str:
    n1 = rng.randint(180, 900)
    return text.format(kind=info.kind, short=info.short, n1=n1, n2=n1 - rng.randint(0, 6), n3=rng.randint(3, 14))


def _body(doc_type: str, topic: list[str], info: UnitInfo, rng: random.Random, long: bool) -> list[tuple[str, str]]:
    intro, middle, outro = GENERIC["CV" if doc_type == "CV" else doc_type]
    extra = rng.sample(EXTRA_SENTENCES, k=len(EXTRA_SENTENCES))
    body: list[tuple[str, str]] = []
    if doc_type == "QĐ":
        body.append(("c", f"CHỦ TỊCH ỦY BAN NHÂN DÂN {info.upper}"))
        body += [("p", s) for s in intro] + [("c", middle[0])]
        body.append(("p", "Điều 1. " + " ".join(_fill(s, info, rng) for s in topic)))
        body += [("p", s) for s in outro]
        return body
    if doc_type == "CV":
        body.append(("p", intro[0]))
        body.append(("p", " ".join(_fill(s, info, rng) for s in topic)))
        body.append(("p", outro[0]))
        return body
    if doc_type == "KH":
        body.append(("p", f"Căn cứ Kế hoạch của Ủy ban nhân dân huyện Thạnh Trị, Ủy ban nhân dân {info.prose} "
                          "xây dựng Kế hoạch thực hiện như sau:"))
    elif doc_type == "BC":
        body.append(("p", f"Thực hiện chế độ báo cáo theo quy định, Ủy ban nhân dân {info.prose} báo cáo kết quả như sau:"))
    for s in intro + middle:
        body.append(("h" if s.isupper() or s.startswith(("I.", "II.", "III.")) else "p", s))
    chunks = [_fill(s, info, rng) for s in topic]
    n_par = 6 if long else 2
    for i in range(n_par):
        sents = chunks[i::n_par] + [extra[(2 * i) % len(extra)], extra[(2 * i + 1) % len(extra)]]
        body.append(("p", " ".join(s for s in sents if s)))
    if long:
        for i in range(4):
            body.append(("p", " ".join(extra[(i + j) % len(extra)] for j in range(3, 6))))
    for s in outro:
        body.append(("h" if s.startswith(("I.", "II.", "III.")) else "p", s))
    return body


# ---- building the scenario -------------------------------------------------------------------------


def _unit_docs(info: UnitInfo, dev: Deviation, rng: random.Random) -> list[DocSpec]:
    """One document per present evidence item, plus the unit's special documents."""
    issuer = ("ỦY BAN NHÂN DÂN", info.upper)
    docs: list[DocSpec] = []
    qt_text, qt_periods = QUARTER_TEMPLATES[rng.randrange(len(QUARTER_TEMPLATES))]
    signers = [("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", info.chair), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", info.vice)]
    items = [i for i in ITEM_DOCS if i != "1.7" or dev.has_initiative]
    items.append("1.3.Y")  # carried by the annual report (1.2)
    for item in items:
        if item in dev.missing or item == "1.3.Y":
            continue
        doc_type, (month, day), variants, topic, long = ITEM_DOCS[item]
        day = max(1, min(28, day + rng.randint(-3, 3)))
        date = dt.date(PERIOD_YEAR, month, day)
        if item in dev.late:
            deadline = {"1.1": (1, 31), "1.3.Q1": (3, 20), "1.3.H1": (6, 20), "1.3.Q3": (9, 20)}[item]
            date = dt.date(PERIOD_YEAR, deadline[0], deadline[1]) + dt.timedelta(days=rng.randint(5, 12))
        if item == "1.2" and "1.3.Y" in dev.late:
            date = dt.date(PERIOD_YEAR, 12, 20) + dt.timedelta(days=rng.randint(3, 8))
        if item in dev.wrong_year:
            date = date.replace(year=PERIOD_YEAR - 1, month=12 if month < 6 else month)
            variants = [v.replace(" năm 2018", "") for v in variants]
        if item.startswith("1.3."):
            period = item.split(".")[-1]
            trich = qt_text.format(period=qt_periods[period])
            topic = QUARTER_SENTENCES[period] + [QUARTER_FIGURES]
        else:
            trich = variants[rng.randrange(len(variants))].format(kind=info.kind, short=info.short)
        the_issuer, place, signer = issuer, info.short, signers[0 if rng.random() < 0.7 else 1]
        if item == "1.7":  # recognised by the district, not the commune
            the_issuer, place = ("ỦY BAN NHÂN DÂN", "HUYỆN THẠNH TRỊ"), "Thạnh Trị"
            signer = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Nghĩa")
        if doc_type == "QĐ":
            signer = ("CHỦ TỊCH", "", info.chair) if item != "1.7" else signer
        if doc_type == "BB":
            signer = ("TỔ TRƯỞNG TỔ KIỂM TRA", "", info.vice)
        crit = item.split(".")
        code = f"{crit[0]}.{crit[1]}"
        criteria = ["1.2", "1.3"] if item == "1.2" else [code]
        doc_items = ["1.2", "1.3.Y"] if item == "1.2" else [item]
        recips = [r.format(kind=info.kind) for r in RECIPIENTS[2 if doc_type == "QĐ" else rng.randrange(2)]]
        body = _body(doc_type, topic, info, rng, long)
        if item == "1.7":
            body[0] = ("c", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THẠNH TRỊ")
        docs.append(DocSpec(
            key=item, doc_type=doc_type, date=date, trich_yeu=trich, issuer=the_issuer, place=place,
            signer=signer, recipients=recips, body=body,
            items=doc_items, criteria=criteria, cited_for=list(criteria), long=long))
    return docs


def _special_docs(info: UnitInfo, docs: list[DocSpec], rng: random.Random) -> None:
    """Documents that only a citation ties to a criterion, and documents about other things."""
    by_key = {d.key: d for d in docs}
    issuer = ("ỦY BAN NHÂN DÂN", info.upper)
    signer = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", info.chair)
    recips = [r.format(kind=info.kind) for r in RECIPIENTS[0]]
    # A generic title the catalog phrases cannot catch: only the self-assessment's citation ties it.
    generic = {
        "Xã Vĩnh Thành": ("8.2", "Tình hình triển khai hệ thống iOffice tại cơ quan"),
        "Xã Tuân Tức": ("6.4", "Về việc chấn chỉnh lề lối làm việc, giờ giấc của cán bộ, công chức"),
    }
    if info.name in generic:
        item, trich = generic[info.name]
        d = by_key[item]
        d.trich_yeu, d.criteria, d.cited_for = trich, [], [item]
    irrelevant = {
        "Xã Tuân Tức": ("BC", dt.date(2018, 8, 20), "Kết quả sản xuất nông nghiệp vụ Hè Thu năm 2018",
                        ["Toàn xã xuống giống {n1} héc-ta lúa Hè Thu, năng suất bình quân đạt 6 tấn một héc-ta.",
                         "Tình hình sâu bệnh được kiểm soát, giá lúa ổn định."]),
        "Xã Lâm Tân": ("BC", dt.date(2018, 10, 18), "Công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2018",
                       ["Trong năm xảy ra {n3} đợt mưa lớn kèm lốc xoáy làm tốc mái một số căn nhà.",
                        "Ban Chỉ huy phòng, chống thiên tai đã kịp thời hỗ trợ các hộ bị thiệt hại."]),
    }
    if info.name in irrelevant:
        dtype, date, trich, topic = irrelevant[info.name]
        docs.append(DocSpec(key="irrelevant", doc_type=dtype, date=date, trich_yeu=trich, issuer=issuer,
                            place=info.short, signer=signer, recipients=recips,
                            body=_body(dtype, topic, info, rng, False)))


def _self_assessment(info: UnitInfo, docs: list[DocSpec], self_scores: dict[str, int], catalog) -> DocSpec:
    rows: list[dict] = []
    for area in catalog.areas:
        rows.append({"code": area.code, "name": area.name, "max": area.max,
                     "self": sum(self_scores[c.code] for c in area.criteria), "cited": "", "area": True})
        for crit in area.criteria:
            cites = [d.citation() for d in docs if crit.code in d.cited_for]
            rows.append({"code": crit.code, "name": crit.name, "max": crit.max, "self": self_scores[crit.code],
                         "cited": "; ".join(cites) if cites else "Không có", "area": False})
    total = sum(self_scores.values())
    rows.append({"code": "", "name": "Tổng cộng", "max": catalog.total, "self": total, "cited": "", "area": True})
    body = [("p", f"Thực hiện Quyết định số 599/QĐ-UBND ngày 28/5/2018 của Chủ tịch UBND huyện Thạnh Trị về việc ban hành "
                  f"bộ Chỉ số cải cách hành chính UBND các xã, thị trấn, Ủy ban nhân dân {info.prose} báo cáo kết quả "
                  "tự chấm điểm như sau:"),
            ("h", "I. KẾT QUẢ TỰ CHẤM ĐIỂM"),
            ("table", ""),
            ("p", f"Tổng số điểm tự chấm: {total:g}/100 điểm."),
            ("h", "II. ĐỀ XUẤT, KIẾN NGHỊ"),
            ("p", "Đề nghị Phòng Nội vụ huyện tiếp tục tổ chức tập huấn nghiệp vụ về xác định Chỉ số cải cách hành chính.")]
    return DocSpec(key="sa", doc_type="BC", date=dt.date(PERIOD_YEAR, 12, 18),
                   trich_yeu="Tự chấm điểm, xác định Chỉ số cải cách hành chính năm 2018",
                   issuer=("ỦY BAN NHÂN DÂN", info.upper), place=info.short,
                   signer=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", info.chair),
                   recipients=["Phòng Nội vụ huyện;", "Lưu: VT."], body=body, is_self_assessment=True, table=rows)


def _number_documents(docs: list[DocSpec], rng: random.Random) -> None:
    """Symbols as a registry hands them out: per type, increasing with the date, with gaps."""
    counters: dict[tuple[str, int], int] = {}
    for d in sorted(docs, key=lambda d: (d.date, d.key)):
        if d.issuer[1] == "HUYỆN THẠNH TRỊ":
            d.number = rng.randint(1200, 1900)
            d.symbol = f"{d.number}/QĐ-UBND"
            continue
        series = "UBND-VP" if d.doc_type == "CV" else d.doc_type
        start = rng.randint(40, 90) if d.date.year < PERIOD_YEAR else rng.randint(1, 4)
        n = counters.get((series, d.date.year), start - 3) + rng.randint(3, 7)
        counters[(series, d.date.year)] = n
        d.number = n
        d.symbol = f"{n:02d}/UBND-VP" if d.doc_type == "CV" else f"{n:02d}/{d.doc_type}-UBND"


def self_scores_for(dev: Deviation, catalog) -> dict[str, int]:
    scores = {c.code: int(c.max) for c in catalog.criteria()}
    scores["1.7"] = 3 if dev.has_initiative else 0
    scores.update(dev.self_scores)
    return scores


# ---- scoring (the catalog's rules, applied to the scenario) ---------------------------------------


def item_points(item, doc: DocSpec) -> float:
    if doc.date.year != PERIOD_YEAR:
        return 0.0
    deadline = item.deadline_in(PERIOD_YEAR)
    return item.points if deadline is None or doc.date <= deadline else item.points / 2


def score_unit(docs: list[DocSpec], self_scores: dict[str, int] | None, catalog) -> dict:
    """Criterion → (evidence points, draft score) and the unit's gap flags (not file flags)."""
    supporting = [d for d in docs if not d.is_self_assessment]
    out: dict[str, dict] = {}
    flags: list[dict] = []
    for crit in catalog.criteria():
        evidence = 0.0
        crit_docs: set[str] = set()
        for item in crit.items:
            cands = [d for d in supporting if item.id in d.items]
            best = max((item_points(item, d) for d in cands), default=0.0)
            evidence += best
            crit_docs |= {d.key for d in cands}
            for d in cands:
                if d.date.year != PERIOD_YEAR:
                    flags.append({"code": "wrong_period", "criterion": crit.code})
                elif item.deadline_in(PERIOD_YEAR) and d.date > item.deadline_in(PERIOD_YEAR):
                    flags.append({"code": "late_document", "criterion": crit.code})
            if not cands and item.required_plan:
                flags.append({"code": "missing_plan", "criterion": crit.code})
            if not cands and item.periodic_report:
                flags.append({"code": "missing_report", "criterion": crit.code})
        evidence = min(crit.max, evidence)
        self_score = None if self_scores is None else self_scores.get(crit.code)
        draft = evidence if self_score is None else min(evidence, self_score)
        if self_score is not None:
            if self_score > crit.max:
                flags.append({"code": "self_score_exceeds_max", "criterion": crit.code})
            if self_score > 0 and not crit_docs:
                flags.append({"code": "missing_evidence", "criterion": crit.code})
            elif crit_docs and evidence < self_score:
                flags.append({"code": "partial_evidence", "criterion": crit.code})
        out[crit.code] = {"self_score": self_score, "draft_score": draft, "evidence": evidence}
    return {"criteria": out, "flags": flags}


# ---- files: formats, names, folders ----------------------------------------------------------------

AREA_FOLDERS = {"1": "1. Chi dao dieu hanh", "2": "2. Van ban QPPL", "3": "3. Cai cach TTHC", "4": "4. Mot cua",
                "5": "5. To chuc bo may", "6": "6. Doi ngu CBCC", "7": "7. Tai chinh cong", "8": "8. Hien dai hoa"}


def _slug(text: str, n: int = 6) -> str:
    words = [w for w in fold(text).replace(",", " ").replace("/", " ").split() if w not in {"-", "–"}]
    return " ".join(words[:n])


def file_name(doc: DocSpec, style: str, ext: str) -> str:
    head = TYPE_NAME[doc.doc_type]
    if style == "ascii":
        base = f"{fold(doc.doc_type)}_{doc.number:02d}_{_slug(doc.trich_yeu).replace(' ', '_').lower()}"
    elif style == "viet":
        base = f"{head} {doc.trich_yeu}"
        if len(base) > 70:
            base = base[:70].rsplit(" ", 1)[0]
        base = base.rstrip(" ,")
    else:
        base = f"{doc.symbol.replace('/', '-')} {_slug(doc.trich_yeu, 4)}"
    return f"{base}.{ext}"


def build(seed: int, catalog, only_units: list[str] | None = None) -> list[UnitScenario]:
    """The whole inbox as data (no bytes yet). Deterministic for a seed."""
    scenarios = []
    for info in UNITS:
        if only_units and info.name not in only_units:
            continue
        rng = random.Random(f"{seed}:{info.name}")
        dev = DEVIATIONS[info.name]
        docs = _unit_docs(info, dev, rng)
        _special_docs(info, docs, rng)
        _number_documents(docs, rng)
        scores = self_scores_for(dev, catalog)
        sa = _self_assessment(info, docs, scores, catalog)
        sa.number = max(d.number for d in docs if d.doc_type == "BC" and d.date.year == PERIOD_YEAR) + rng.randint(2, 5)
        sa.symbol = f"{sa.number:02d}/BC-UBND"
        docs.append(sa)
        scenarios.append(_unit_files(info, docs, scores, rng))
    if not only_units:
        scenarios.append(_unknown_folder(seed))
    return scenarios


# Per unit: which documents are scanned / photographed, and the unit's special files.
SCANS: dict[str, list[str]] = {
    "Xã Vĩnh Thành": ["4.2", "6.3", "2.3"],
    "TT Phú Lộc": ["1.4.BC", "5.3", "8.4"],
    "Xã Thạnh Trị": ["4.1", "1.7", "3.2"],
    "Xã Thạnh Tân": ["1.3.Q1", "6.2", "4.4"],
    "Xã Tuân Tức": ["3.3", "5.1", "8.1"],
    "Xã Châu Hưng": ["2.1", "4.5", "6.4"],
    "Xã Lâm Tân": ["1.5.BC", "3.4", "8.3"],
    "Xã Vĩnh Lợi": ["1.7", "4.4", "6.1"],
    "TT Hưng Lợi": ["2.3", "4.2", "6.3"],
    "Xã Lâm Kiệt": ["5.1", "3.2", "1.5.KH"],
}
PHOTOS: dict[str, str] = {
    "Xã Vĩnh Thành": "4.4", "TT Phú Lộc": "6.2", "Xã Thạnh Trị": "8.3", "Xã Thạnh Tân": "3.2",
    "Xã Tuân Tức": "7.2", "Xã Châu Hưng": "1.4.BC", "Xã Lâm Tân": "5.3", "Xã Vĩnh Lợi": "3.2",
    "TT Hưng Lợi": "5.3", "Xã Lâm Kiệt": "8.2",
}
BUNDLE = ("Xã Lâm Kiệt", ["6.1", "6.2", "6.3", "6.4"])
ROTATED = {("TT Phú Lộc", "8.4"): 180, ("Xã Thạnh Tân", "6.2"): 90, ("Xã Tuân Tức", "5.1"): 180,
           ("Xã Châu Hưng", "4.5"): 270, ("Xã Lâm Tân", "3.4"): 180, ("TT Hưng Lợi", "6.3"): 90}


def _unit_files(info: UnitInfo, docs: list[DocSpec], scores: dict[str, int], rng: random.Random) -> UnitScenario:
    by_key = {d.key: d for d in docs}
    files: list[FileSpec] = []
    used: set[str] = set()
    dup_groups: list[dict] = []
    scan_counter = [rng.randint(10, 40)]

    def folder_for(doc: DocSpec) -> str:
        if not info.subfolders or doc.is_self_assessment:
            return info.folder
        area = (doc.all_criteria or ["1"])[0].split(".")[0]
        return f"{info.folder}/{AREA_FOLDERS[area]}"

    def unique(path: str) -> str:
        stem, dot, ext = path.rpartition(".")
        k = 2
        while path in used:
            path = f"{stem} ({k}).{ext}"
            k += 1
        used.add(path)
        return path

    def scan_name(doc: DocSpec) -> str:
        scan_counter[0] += rng.randint(1, 4)
        d = doc.date
        return rng.choice([f"Scan_{d.year}{d.month:02d}{d.day:02d}_{scan_counter[0]:04d}.pdf",
                           f"scan{scan_counter[0]:04d}.pdf", f"{fold(TYPE_NAME[doc.doc_type])} {doc.number} scan.pdf"])

    skew_count = [0]

    def skew() -> float:
        # From a hash, not `rng`: keeps skews spread even where rng draws are few and regular.
        skew_count[0] += 1
        h = hashlib.sha256(f"{info.name}:{skew_count[0]}:{rng.random()}".encode()).digest()
        magnitude = 0.5 + 2.5 * int.from_bytes(h[:4], "big") / 2**32
        return round(magnitude if h[4] & 1 else -magnitude, 2)

    def add(path: str, fmt: str, fdocs: list[DocSpec], **kw) -> FileSpec:
        spec = FileSpec(path=unique(path), unit=info.name, format=fmt, docs=fdocs, render_seed=path, **kw)
        files.append(spec)
        return spec

    bundle_keys = BUNDLE[1] if info.name == BUNDLE[0] else []
    for doc in docs:
        if doc.key in bundle_keys:
            continue
        folder = folder_for(doc)
        if doc.is_self_assessment:
            name = {"ascii": "Bao cao tu cham diem CCHC 2018", "viet": "Báo cáo tự chấm điểm chỉ số CCHC năm 2018",
                    "symbol": f"{doc.symbol.replace('/', '-')} tu cham diem"}[info.name_style]
            if info.name == "Xã Châu Hưng":
                add(f"{folder}/{name}.pdf", "text_pdf", [doc])
            elif info.name == "Xã Lâm Kiệt":
                add(f"{folder}/{name} (ban scan).pdf", "scan_pdf", [doc], rotations=[0], skews=[0.8])
            else:
                add(f"{folder}/{name}.docx", "docx", [doc])
            continue
        if doc.key in SCANS[info.name]:
            rot = ROTATED.get((info.name, doc.key), 0)
            add(f"{folder}/{scan_name(doc)}", "scan_pdf", [doc], rotations=[rot], skews=[skew()])
            continue
        if PHOTOS[info.name] == doc.key:
            d = doc.date
            if info.name == "TT Hưng Lợi":  # a photo saved with a .pdf name: must be read as an image
                add(f"{folder}/{file_name(doc, 'ascii', 'pdf')}", "photo_jpg", [doc], rotations=[0], skews=[skew()],
                    jpeg_as_pdf=True)
            else:
                add(f"{folder}/IMG_{d.year}{d.month:02d}{d.day:02d}_{rng.randint(80000, 179999):06d}.jpg",
                    "photo_jpg", [doc], rotations=[0], skews=[skew()])
            continue
        style = info.name_style
        ext_fmt = ("docx", "docx") if rng.random() < 0.55 else ("pdf", "text_pdf")
        if doc.long and rng.random() < 0.5:
            ext_fmt = ("pdf", "text_pdf")
        name = file_name(doc, style, ext_fmt[0])
        if info.folder != unicodedata.normalize("NFC", info.folder):  # a Mac user's zip: NFD everywhere
            name = nfd(name)
        add(f"{folder}/{name}", ext_fmt[1], [doc])

    if bundle_keys:
        bdocs = [by_key[k] for k in bundle_keys]
        add(f"{info.folder}/{nfd('Tài liệu tiêu chí 6')} - scan.pdf", "bundle_pdf", bdocs,
            rotations=[0, 0, 180, 0], skews=[skew() for _ in bdocs])

    def path_of(key: str) -> FileSpec:
        return next(f for f in files if any(d.key == key for d in f.docs))

    # Duplicates, each kind once or twice, on documents that carry no late/wrong-year flag.
    gid = 0

    def group(signal: str, members: list[FileSpec], keep: FileSpec) -> None:
        nonlocal gid
        gid += 1
        dup_groups.append({"signal": signal, "members": [m.path for m in members], "keep": keep.path})

    if info.name in ("Xã Vĩnh Thành", "Xã Châu Hưng"):  # the same file twice, another sub-folder / name
        orig = path_of("1.1" if info.name == "Xã Vĩnh Thành" else "5.2")
        if orig.format == "scan_pdf":
            raise AssertionError("byte copy source must be born-digital")
        sub = "Tai lieu kiem chung" if info.name == "Xã Vĩnh Thành" else "Gui lai"
        stem, _, ext = orig.path.rpartition("/")[2].rpartition(".")
        copy = add(f"{info.folder}/{sub}/{stem} - Copy.{ext}", orig.format, orig.docs, copy_of=orig.path)
        group("bytes", [orig, copy], min([orig, copy], key=lambda f: f.path))
    if info.name in ("TT Phú Lộc", "Xã Lâm Tân"):  # the same paper scanned twice
        orig = path_of("1.4.BC" if info.name == "TT Phú Lộc" else "1.5.BC")
        if info.name == "Xã Lâm Tân":  # the 2017 minutes are flagged wrong_period: rescan a clean one
            orig = path_of("8.3")
        again = add(f"{orig.path.rpartition('.')[0]} lan 2.pdf", "scan_pdf", orig.docs,
                    rotations=[0], skews=[round(-math.copysign(0.5 + abs(orig.skews[0]) * 0.4, orig.skews[0]), 2)])
        keep = min([orig, again], key=lambda f: (f.rotations[0] != 0, abs(f.skews[0])))
        group("rescan", [orig, again], keep)
    if info.name in ("Xã Thạnh Trị", "Xã Vĩnh Lợi"):  # the DOCX and its printed, signed scan
        key = "4.1" if info.name == "Xã Thạnh Trị" else "1.6"
        doc = by_key[key]
        folder = folder_for(doc)
        if info.name == "Xã Thạnh Trị":  # the scan is there already: add the DOCX it was printed from
            scan = path_of(key)
        else:  # the born-digital file is there already: replace it by a DOCX plus its scan
            born = path_of(key)
            files.remove(born)
            used.discard(born.path)
            scan = add(f"{folder}/{scan_name(doc)}", "scan_pdf", [doc], rotations=[0], skews=[skew()])
        docx = add(f"{folder}/{file_name(doc, 'viet', 'docx')}", "docx", [doc])
        group("docx_scan", [docx, scan], docx)

    # Broken files: each kind once, spread over the units.
    broken = {
        "Xã Vĩnh Thành": ("Tai lieu kiem chung/BC ket qua CCHC 2018 (loi).pdf", "truncated", "corrupt_pdf"),
        "TT Phú Lộc": ("Scan_0007.pdf", "empty", "empty_file"),
        "Xã Thạnh Trị": ("BC tai chinh (co mat khau).pdf", "encrypted", "encrypted_pdf"),
        "Xã Thạnh Tân": (nfd("Quyết định khen thưởng.docx"), "not_zip", "invalid_docx"),
        "Xã Châu Hưng": ("bang diem tong hop.xls", "unsupported", "unsupported_type"),
    }
    if info.name in broken:
        rel, kind, code = broken[info.name]
        add(f"{info.folder}/{rel}", "broken", [], error_code=code, broken=kind)

    files.sort(key=lambda f: f.path)
    periodic = [d.key for d in docs if d.key in ("1.3.Q1", "1.3.H1", "1.3.Q3")]
    siblings = [(a, b) for i, a in enumerate(periodic) for b in periodic[i + 1:]]
    return UnitScenario(info, info.folder, docs, files, scores, dup_groups, siblings)


def _unknown_folder(seed: int) -> UnitScenario:
    rng = random.Random(f"{seed}:unknown")
    issuer = ("ỦY BAN NHÂN DÂN", "HUYỆN THẠNH TRỊ")
    signer = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Nghĩa")
    cv = DocSpec(key="cv", doc_type="CV", date=dt.date(2018, 11, 26),
                 trich_yeu="Nộp báo cáo tự chấm điểm và tài liệu kiểm chứng Chỉ số CCHC năm 2018",
                 issuer=issuer, place="Thạnh Trị", signer=signer,
                 recipients=["UBND các xã, thị trấn;", "Lưu: VT, NV."],
                 body=[("p", "Kính gửi: Ủy ban nhân dân các xã, thị trấn."),
                       ("p", "Ủy ban nhân dân huyện đề nghị Ủy ban nhân dân các xã, thị trấn gửi báo cáo tự chấm điểm "
                             "kèm tài liệu kiểm chứng về Phòng Nội vụ huyện trước ngày 25 tháng 12 năm 2018."),
                       ("p", "Tài liệu kiểm chứng sắp xếp theo thứ tự các lĩnh vực, tiêu chí của bộ Chỉ số.")],
                 number=215, symbol="215/UBND-NV")
    qd = DocSpec(key="qd", doc_type="QĐ", date=dt.date(2018, 5, 28),
                 trich_yeu="Về việc ban hành bộ Chỉ số cải cách hành chính UBND các xã, thị trấn thuộc huyện Thạnh Trị",
                 issuer=issuer, place="Thạnh Trị", signer=("CHỦ TỊCH", "", "Mai Thanh Ngon"),
                 recipients=["Như Điều 3;", "Sở Nội vụ;", "Lưu: VT."],
                 body=[("c", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THẠNH TRỊ"),
                       ("p", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
                       ("p", "Xét đề nghị của Trưởng phòng Nội vụ huyện,"), ("c", "QUYẾT ĐỊNH:"),
                       ("p", "Điều 1. Ban hành kèm theo Quyết định này bộ Chỉ số cải cách hành chính áp dụng đối với "
                             "Ủy ban nhân dân các xã, thị trấn thuộc huyện Thạnh Trị."),
                       ("p", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
                       ("p", "Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, Chủ tịch UBND các xã, "
                             "thị trấn chịu trách nhiệm thi hành Quyết định này.")],
                 number=599, symbol="599/QĐ-UBND")
    del rng
    files = [FileSpec(f"{UNKNOWN_FOLDER}/CV 215 nop tai lieu kiem chung.docx", None, "docx", [cv]),
             FileSpec(f"{UNKNOWN_FOLDER}/QD 599 bo chi so CCHC xa.pdf", None, "text_pdf", [qd])]
    return UnitScenario(None, UNKNOWN_FOLDER, [cv, qd], files, {}, [], [])
