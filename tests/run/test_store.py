"""The store on SQLite always, and on PostgreSQL when KIEMCHUNG_TEST_PG_URL is set (scripts/ci_postgres.sh
sets it in CI; in CI a missing URL is a failure, not a skip)."""

from __future__ import annotations

import os
import threading

import pytest

from pipeline.core.model import (
    EXTRACT_VERSION,
    Document,
    Draft,
    ExtractedFile,
    Page,
    Provenance,
    TextSource,
    UnitDraft,
)
from pipeline.run.store import Base, InboxFile, Run, Store, StoredDraft, default_url

PG_URL = os.environ.get("KIEMCHUNG_TEST_PG_URL")


def _backends():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)


@pytest.fixture(params=list(_backends()))
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    else:
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("CI is set but KIEMCHUNG_TEST_PG_URL is not: scripts/ci_postgres.sh did not run")
            pytest.skip("KIEMCHUNG_TEST_PG_URL not set (source scripts/ci_postgres.sh)")
        s = Store(PG_URL)
        Base.metadata.drop_all(s.engine)  # a clean database for every test
        Base.metadata.create_all(s.engine)
    yield s
    if request.param == "postgresql":
        Base.metadata.drop_all(s.engine)
    s.close()


def extracted(sha: str = "a" * 64, path: str = "Xã A/báo cáo.pdf", text: str = "Kế hoạch") -> ExtractedFile:
    page = Page(number=1, text=text, source=TextSource.OCR, ocr_confidence=0.9)
    doc = Document(key=f"{sha[:16]}:1", pages=[page],
                   provenance=Provenance(file=path, first_page=1, last_page=1, source=TextSource.OCR))
    return ExtractedFile(path=path, sha256=sha, size=10, kind="pdf", status="processed", documents=[doc],
                         ocr_pages=1)


def test_extraction_cache_roundtrip_and_versions(store):
    assert store.get_extraction("a" * 64, EXTRACT_VERSION) is None
    ef = extracted()
    store.put_extraction(ef)
    got = store.get_extraction("a" * 64, EXTRACT_VERSION)
    assert got == ef and got.documents[0].pages[0].text == "Kế hoạch"
    assert store.get_extraction("a" * 64, "another-version") is None
    store.put_extraction(ef.model_copy(update={"ocr_pages": 3}))  # same key: replaced, not duplicated
    assert store.extraction_count() == 1
    assert store.get_extraction("a" * 64, EXTRACT_VERSION).ocr_pages == 3


def test_concurrent_puts_of_the_same_content(store):
    ef = extracted(sha="b" * 64)
    errors = []

    def put():
        try:
            store.put_extraction(ef)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=put) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Two first writers may race on the insert; the loser's error must not corrupt anything.
    assert store.extraction_count() == 1
    assert store.get_extraction("b" * 64, EXTRACT_VERSION) == ef
    assert all("unique" in str(e).lower() or "duplicate" in str(e).lower() for e in errors)


def test_record_files_upserts_one_row_per_path(store):
    run1 = store.start_run("2018", "/inbox")
    rows = [{"path": "Xã A/a.pdf", "sha256": "1" * 64, "size": 1, "unit_folder": "Xã A", "status": "processed"},
            {"path": "Xã A/b.pdf", "sha256": None, "size": 0, "unit_folder": "Xã A", "status": "quarantined",
             "error_code": "empty_file", "error": "Tệp rỗng."}]
    store.record_files("/inbox", run1, rows)
    run2 = store.start_run("2018", "/inbox")
    store.record_files("/inbox", run2, rows[:1])
    files = store.files_of("/inbox")
    assert [f.path for f in files] == ["Xã A/a.pdf", "Xã A/b.pdf"]
    assert [f.last_run for f in files] == [run2, run1]
    assert files[1].error == "Tệp rỗng."
    assert store.integrity_check() == []


def _draft(period: str, *units: str) -> Draft:
    return Draft(period=period, units=[UnitDraft(unit=u, folder=u.lower(), self_assessment=None, self_total=None,
                                                 draft_total=0, classification=None, criteria=[], documents=[],
                                                 files=[], duplicate_groups=[], flags=[]) for u in units])


def test_complete_run_is_one_transaction(store):
    run_id = store.start_run("2018", "/inbox")
    rows = [{"path": "Xã A/a.pdf", "sha256": "1" * 64, "size": 1, "unit_folder": "Xã A", "status": "processed"},
            {"sha256": None}]  # a broken row: the whole transaction must roll back
    with pytest.raises(KeyError):
        store.complete_run(run_id, "2018", "/inbox", rows, _draft("2018"), {"found": 1})
    assert store.files_of("/inbox") == [] and store.latest_draft("2018") is None
    with store.session() as s:
        assert s.get(Run, run_id).status == "running"
    draft_id = store.complete_run(run_id, "2018", "/inbox", rows[:1], _draft("2018"), {"found": 1})
    again = store.complete_run(run_id, "2018", "/inbox", rows[:1], _draft("2018", "Xã A"), {"found": 1})
    assert again > draft_id
    assert store.latest_draft("2018") == _draft("2018", "Xã A")
    with store.session() as s:
        run = s.get(Run, run_id)
        assert run.status == "completed" and run.counts == {"found": 1} and run.finished is not None
        assert s.query(InboxFile).count() == 1 and s.query(StoredDraft).count() == 2


def test_drafts_keep_unicode_and_latest_wins(store):
    store.save_draft("2018", _draft("2018", "Xã Vĩnh Thành"))
    store.save_draft("2018", _draft("2018", "TT Phú Lộc").to_json())  # a draft.json dict is validated
    store.save_draft("2019", _draft("2019"))
    assert store.latest_draft("2018") == _draft("2018", "TT Phú Lộc")
    assert store.latest_draft("2018").units[0].unit == "TT Phú Lộc"
    assert store.latest_draft("2017") is None


def test_confirmations_are_versioned_with_audit(store):
    rows = [{"unit": "Xã A", "code": "1.1", "max": 4, "self_score": 4, "draft_score": 3, "score": 4, "note": "đủ"},
            {"unit": "Xã A", "code": "1.2", "max": 2, "self_score": 2, "draft_score": 2, "score": 2}]
    assert store.add_confirmation("2018", "Lan", "f" * 64, rows, catalog="2018-commune") == 1
    assert store.add_confirmation("2018", "Minh", "e" * 64, rows[:1]) == 2
    assert [c.reviewer for c in store.confirmations("2018")] == ["Lan", "Minh"]
    latest = store.confirmed_scores("2018")
    assert [(s.code, s.changed) for s in latest] == [("1.1", True)]
    assert [s.code for s in store.confirmed_scores("2018", version=1)] == ["1.1", "1.2"]
    assert store.confirmed_scores("2017") == []


def test_default_url_uses_state_dir_or_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("KIEMCHUNG_DB_URL", raising=False)
    assert default_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'store.sqlite'}"
    monkeypatch.setenv("KIEMCHUNG_DB_URL", "postgresql+psycopg://u:p@h/db")
    assert default_url(tmp_path) == "postgresql+psycopg://u:p@h/db"


def test_interrupt_running_runs_marks_only_unfinished_rows(store):
    killed = store.start_run("2018", "/inbox")  # never finished: killed
    other = store.start_run("2018", "/other-inbox")
    done = store.start_run("2018", "/inbox")
    store.finish_run(done, "completed", {"found": 0})
    failed = store.start_run("2018", "/inbox")
    store.finish_run(failed, "failed", {"error": "x"})
    assert store.interrupt_running_runs("/inbox") == 1  # a shared store: only this inbox's rows
    with store.session() as s:
        assert [s.get(Run, i).status for i in (killed, other, done, failed)] == [
            "interrupted", "running", "completed", "failed"]
        assert s.get(Run, killed).finished is None  # when it died is not known
    assert store.interrupt_running_runs() == 1  # a store of its own: every row left running
    assert store.interrupt_running_runs() == 0
    with store.session() as s:
        assert s.get(Run, other).status == "interrupted" and s.get(Run, done).status == "completed"


def test_evidence_decisions_are_appended_and_read_back_oldest_first(tmp_path):
    store = Store.for_state(tmp_path)
    base = dict(period="2018", unit="Xã A", code="1.1", document="d3", reviewer="Lan", source="workbook",
                title="Kế hoạch cải cách hành chính năm 2018", doc_type="KH")
    assert store.add_evidence_decisions([dict(base, action="attach"), dict(base, action="detach")]) == 2
    store.add_evidence_decisions([dict(base, period="2019", action="attach", source="workspace")])
    rows = store.evidence_decisions("2018")
    assert [r.action for r in rows] == ["attach", "detach"]
    assert rows[0].title == "Kế hoạch cải cách hành chính năm 2018" and rows[0].decided_at is not None
    assert len(store.evidence_decisions()) == 3


def test_evidence_decision_with_unknown_action_is_refused_and_nothing_recorded(tmp_path):
    store = Store.for_state(tmp_path)
    good = dict(period="2018", unit="A", code="1.1", document="d1", reviewer="r", source="workbook", action="attach")
    with pytest.raises(ValueError, match="action"):
        store.add_evidence_decisions([good, dict(good, action="maybe")])
    assert store.evidence_decisions() == []
