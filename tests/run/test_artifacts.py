import json
import os

import pytest
from _seed import seed_draft, with_injections

from flows.artifacts import artifact_key, flags_markdown, md_escape, publish_artifacts, summary_rows
from pipeline.core.model import Draft

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")



pytestmark = pytest.mark.usefixtures("vietnamese")




def test_keys_are_what_prefect_accepts():
    assert artifact_key("summary", "2018") == "cchc-summary-2018"
    assert artifact_key("flags", "2018 Q1/x") == "cchc-flags-2018-q1-x"


def test_markdown_escapes_document_text(config):
    md = flags_markdown(Draft.of(with_injections(seed_draft(config))))
    assert "# Cảnh báo của bản dự thảo, kỳ 2018" in md
    assert "## Xã Lâm Kiệt" in md and "`missing_plan` (6\\.1): Thiếu Kế hoạch ĐTBD CBCC\\." in md
    assert "## \\(thư mục không khớp đơn vị\\) =Thu muc la" in md
    assert md_escape("[bấm](http://x) <img>") == "\\[bấm\\]\\(http://x\\) \\<img\\>"


def test_summary_rows(config):
    rows = summary_rows(Draft.of(seed_draft(config)), config)
    assert rows[0]["Đơn vị"] == "Xã Vĩnh Thành" and rows[0]["Tổng điểm"] == "93/100"
    assert rows[1]["Đơn vị"] == "TT Phú Lộc" and rows[2]["Đơn vị"] == "Xã Thạnh Trị"
    assert rows[-1]["Đơn vị"] == "Tỷ lệ %" and rows[-1]["Tổng điểm"] == "86.7"
    assert rows[0]["Công tác chỉ đạo điều hành CCHC"] == "20/25" and rows[0]["Xếp loại"] == "Rất tốt"


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.mark.slow
def test_publish_inside_a_flow(prefect_harness, config):
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    @flow
    def tiny(draft: Draft) -> dict:
        return publish_artifacts(draft, config)

    ids = tiny(Draft.of(seed_draft(config)))
    assert set(ids) == {"cchc-summary-2018", "cchc-flags-2018"}
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["cchc-summary-2018", "cchc-flags-2018"])))
    by_key = {a.key: a for a in found}
    assert by_key["cchc-summary-2018"].type == "table" and by_key["cchc-flags-2018"].type == "markdown"
    assert by_key["cchc-summary-2018"].flow_run_id is not None
    table = json.loads(by_key["cchc-summary-2018"].data)  # Prefect stores the table as JSON text
    assert table[0]["Đơn vị"] == "Xã Vĩnh Thành" and table[-1]["Tổng điểm"] == "86.7"
    assert "Xã Lâm Kiệt" in by_key["cchc-flags-2018"].data
