"""Every flag of the contract, with messages that say what was expected, found and searched."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.i18n import set_language
from pipeline.core.model import (
    DocMeta,
    Document,
    DuplicateGroup,
    ExtractedFile,
    Page,
    Provenance,
    SelfAssessment,
    SelfScoreRow,
    TextSource,
)
from pipeline.decide.gaps import FLAG_CODES, UnitEvidence, unit_flags
from pipeline.decide.scoring import score_criterion

D = dt.date


pytestmark = pytest.mark.usefixtures("english")


def doc(file, title, doc_type, date=None, symbol=None, conf=None, sa=False, pages=1):
    src = TextSource.OCR if conf is not None else TextSource.DOCX
    return Document(
        key=f"{file}:1",
        provenance=Provenance(file=file, first_page=1, last_page=pages, source=src, ocr_confidence=conf),
        pages=[Page(number=i + 1, text=title, source=src, ocr_confidence=conf) for i in range(pages)],
        meta=DocMeta(title=title, doc_type=doc_type, date=date, symbol=symbol),
        is_self_assessment=sa,
    )


def evidence(config, docs, supporting, sa=None, sa_found=True, groups=(), files=(), known=True, dups=None):
    """supporting: {(code, item): [doc ids]}; scores computed by the scoring rules."""
    by_code: dict[str, dict[str, list[str]]] = {}
    for (code, item_id), ids in supporting.items():
        by_code.setdefault(code, {})[item_id] = ids
    docs_by_id = dict(docs)
    scores = {}
    for crit in config.catalog.criteria():
        row = sa.rows.get(crit.code) if sa else None
        dated = {i: [(d, docs_by_id[d].meta.date) for d in ids] for i, ids in by_code.get(crit.code, {}).items()}
        scores[crit.code] = score_criterion(crit, dated, row.self_score if row else None, 2018)
    return UnitEvidence(folder="xa vinh thanh", known_unit=known, catalog=config.catalog, settings=config.settings,
                        year=2018, docs=docs, supporting=by_code, scores=scores, groups=list(groups),
                        files=list(files), self_assessment=sa, self_assessment_found=sa_found,
                        duplicates_of=dups or {})


def by_code(flags, code):
    return [f for f in flags if f.code == code]


ALL_PLANS = {("1.1", "1.1"), ("1.4", "1.4.KH"), ("1.5", "1.5.KH"), ("2.2", "2.2"), ("3.1", "3.1"),
             ("6.1", "6.1"), ("8.1", "8.1")}
ALL_REPORTS = {("1.3", "1.3.Q1"), ("1.3", "1.3.H1"), ("1.3", "1.3.Q3"), ("1.3", "1.3.Y")}


def full_unit(config):
    docs = [("d1", doc("a.docx", "Kế hoạch", "KH", D(2018, 1, 5)))]
    return docs, {k: ["d1"] for k in ALL_PLANS | ALL_REPORTS}


def test_missing_plan_one_per_absent_plan(config):
    docs, sup = full_unit(config)
    del sup[("6.1", "6.1")]
    del sup[("1.4", "1.4.KH")]
    flags = unit_flags(evidence(config, docs, sup))
    plans = by_code(flags, "missing_plan")
    assert [f.criterion for f in plans] == ["1.4", "6.1"]
    msg = plans[1].message
    assert "6.1" in msg and "Kế hoạch ĐTBD CBCC" in msg
    assert "searched 1 documents of folder 'xa vinh thanh' for a KH titled like 'Kế hoạch ĐTBD CBCC'" in msg


def test_missing_report_names_each_period(config):
    docs, sup = full_unit(config)
    for k in ALL_REPORTS:
        del sup[k]
    reps = by_code(unit_flags(evidence(config, docs, sup)), "missing_report")
    assert [f.criterion for f in reps] == ["1.3"] * 4
    text = " | ".join(f.message for f in reps)
    for period in ("quý I", "6 tháng", "9 tháng", "năm"):
        assert f"The {period} report" in text


def test_late_and_wrong_period_one_per_document_and_criterion(config):
    late = doc("k.pdf", "Kế hoạch CCHC năm 2018", "KH", D(2018, 2, 20), symbol="09/KH-UBND")
    old = doc("o.pdf", "Báo cáo CCHC năm 2017", "BC", D(2017, 12, 10))
    docs = [("d1", late), ("d2", old)]
    sup = {k: ["d1"] for k in ALL_PLANS} | {("1.2", "1.2"): ["d2"], ("1.3", "1.3.Y"): ["d2"]}
    flags = unit_flags(evidence(config, docs, sup))
    lates = by_code(flags, "late_document")
    # d1 is cited for every plan item; only 1.1 has a deadline
    assert [(f.criterion, f.document) for f in lates] == [("1.1", "d1")]
    assert "20/02/2018" in lates[0].message and "31/01/2018" in lates[0].message
    assert "half" in lates[0].message
    wrong = by_code(flags, "wrong_period")
    assert [(f.criterion, f.document) for f in wrong] == [("1.2", "d2"), ("1.3", "d2")]
    assert "10/12/2017" in wrong[0].message and "2018" in wrong[0].message


def test_duplicate_copy_flagged_through_its_kept_copy(config):
    a = doc("a.docx", "Kế hoạch CCHC", "KH", D(2018, 3, 1))
    b = doc("b.pdf", "Kế hoạch CCHC", "KH", D(2018, 3, 1), conf=0.9, pages=2)
    docs = [("d1", a), ("d2", b)]
    sup = {k: ["d1"] for k in ALL_PLANS | ALL_REPORTS} | {("1.1", "1.1"): ["d1", "d2"]}
    g = DuplicateGroup(documents=["d1", "d2"], keep="d1", redundant_pages=2, signals={"d1~d2": "text 0.97"})
    flags = unit_flags(evidence(config, docs, sup, groups=[g], dups={"d2": "d1"}))
    assert [(f.criterion, f.document) for f in by_code(flags, "late_document")] == [("1.1", "d1")]
    (dup,) = by_code(flags, "duplicate_copies")
    assert dup.criterion is None and dup.document == "d1"
    assert "cite one copy for all the sub-criteria it serves" in dup.message
    assert "a.docx" in dup.message and "b.pdf" in dup.message and "2 pages saved" in dup.message


def test_self_score_flags(config):
    docs, sup = full_unit(config)
    docs.append(("d2", doc("q.pdf", "Báo cáo kỷ luật", "BC", D(2018, 5, 5))))
    sup[("6.4", "6.4")] = ["d2"]
    rows = {
        "1.1": SelfScoreRow(code="1.1", self_score=5),  # above max 4, evidence 4
        "1.6": SelfScoreRow(code="1.6", self_score=3, cited=["12/BC-UBND"]),  # nothing supports it
        "1.3": SelfScoreRow(code="1.3", self_score=4),  # evidence 4: fine
        "4.3": SelfScoreRow(code="4.3", self_score=0),  # claims nothing: no flag
    }
    docs[0] = ("d1", doc("a.docx", "Kế hoạch", "KH", D(2018, 1, 5)))
    sup[("1.3", "1.3.Q1")] = []
    sa = SelfAssessment(rows=rows | {"6.4": SelfScoreRow(code="6.4", self_score=4)})
    flags = unit_flags(evidence(config, docs, sup, sa=sa))
    assert [f.criterion for f in by_code(flags, "self_score_exceeds_max")] == ["1.1"]
    # claiming 5 of a maximum 4 with evidence 4 is also more than the evidence shows
    assert "1.1" in [f.criterion for f in by_code(flags, "partial_evidence")]
    (miss,) = by_code(flags, "missing_evidence")
    assert miss.criterion == "1.6" and "12/BC-UBND" in miss.message and "searched 2 documents" in miss.message
    partial = [f for f in by_code(flags, "partial_evidence") if f.criterion != "1.1"]
    assert [f.criterion for f in partial] == ["1.3"]
    assert "Self-score 4" in partial[0].message and "earn 3 points" in partial[0].message
    assert not [f for f in flags if f.criterion == "4.3"]


def test_no_self_assessment(config):
    docs, sup = full_unit(config)
    flags = unit_flags(evidence(config, docs, sup, sa=None, sa_found=False))
    (f,) = by_code(flags, "no_self_assessment")
    assert f.criterion is None and "xa vinh thanh" in f.message


def test_unreadable_file_and_low_ocr_confidence(config):
    docs, sup = full_unit(config)
    docs.append(("d2", doc("scan.pdf", "Báo cáo", "BC", conf=0.41)))
    docs.append(("d3", doc("fine.pdf", "Báo cáo", "BC", conf=0.93)))
    bad = ExtractedFile(path="x/locked.pdf", sha256="0" * 64, size=10, kind="pdf", status="quarantined",
                        error="The PDF is password-protected: ask the commune to send it without a password.")
    flags = unit_flags(evidence(config, docs, sup, files=[bad]))
    (u,) = by_code(flags, "unreadable_file")
    assert u.file == "x/locked.pdf" and u.message == bad.error
    (low,) = by_code(flags, "low_ocr_confidence")
    assert low.document == "d2" and "0.41" in low.message and "0.60" in low.message


def test_unknown_unit_only_reports_the_folder_and_its_files(config):
    docs, sup = full_unit(config)
    flags = unit_flags(evidence(config, docs, {}, sa_found=False, known=False), config.units)
    # no "no_self_assessment" beside it: a folder of no unit owes no report (issue 13: noise)
    assert [f.code for f in flags] == ["unknown_unit"]
    assert "xa vinh thanh" in flags[0].message and "Xã Lâm Kiệt" in flags[0].message


def test_flags_are_sorted_and_in_the_closed_vocabulary(config):
    docs, _sup = full_unit(config)
    flags = unit_flags(evidence(config, docs, {}, sa_found=False))
    assert all(f.code in FLAG_CODES for f in flags)
    assert flags == unit_flags(evidence(config, docs, {}, sa_found=False))
    assert flags[0].code == "no_self_assessment"


def test_messages_in_vietnamese(config):
    set_language("vi")
    docs, sup = full_unit(config)
    del sup[("6.1", "6.1")]
    (f,) = by_code(unit_flags(evidence(config, docs, sup)), "missing_plan")
    assert "Không tìm thấy kế hoạch" in f.message and "xa vinh thanh" in f.message


def test_files_at_the_inbox_root_are_an_unknown_unit(config):
    ev = evidence(config, [], {}, sa_found=False, known=False)
    ev.folder = ""
    (f,) = by_code(unit_flags(ev, config.units), "unknown_unit")
    assert f.message == "Files placed directly in the inbox, outside any unit folder."


def test_contradicted_citation_says_cited_what_found_what(config):
    from pipeline.decide.matching import refused_citations

    d1 = doc("a/qd3.pdf", "Quyết định ban hành Quy chế chi tiêu nội bộ năm 2018", "QĐ", D(2018, 1, 5), "3/QĐ-UBND")
    sa = SelfAssessment(rows={"5.2": SelfScoreRow(code="5.2", self_score=3, cited=["3/QĐ-UBND"],
                                                  cited_dates=[D(2018, 1, 8)])})
    docs = [("d1", d1)]
    ev = evidence(config, docs, {("7.1", "7.1"): ["d1"]}, sa=sa)
    ev.refused_citations = refused_citations(docs, config.catalog, config.settings, sa)
    (f,) = by_code(unit_flags(ev), "contradicted_citation")
    assert f.criterion == "5.2" and f.document == "d1" and f.file == "a/qd3.pdf"
    assert "3/QĐ-UBND of 08/01/2018 for 5.2" in f.message and "dated 05/01/2018" in f.message
    assert "matches 7.1, not 5.2" in f.message
