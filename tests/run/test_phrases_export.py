"""`kiemchung phrases export`: what reviewers taught, as a catalog fragment that the catalog loader
reads and folds into a catalog; the folded catalog then matches the taught wording by its own phrases."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from typer.testing import CliRunner

from pipeline.core.config import ConfigError, load_catalog_fragment, load_config, merge_fragment
from pipeline.core.i18n import set_language
from pipeline.core.model import DocMeta, Document, Page, Provenance, TextSource
from pipeline.decide.matching import match_document
from pipeline.run.cli import app
from pipeline.run.store import Store

SURVEY = "Kế hoạch khảo sát, lấy ý kiến đối với sự phục vụ của các cơ quan hành chính nhà nước năm 2018"


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def decision(action, code, title, day, doc_type="KH", reviewer="Lan"):
    return {"period": "2018", "unit": "Xã Vĩnh Thành", "code": code, "action": action, "document": "d1",
            "file": "a.docx", "file_sha256": "a" * 64, "first_page": 1, "doc_type": doc_type, "symbol": "12/KH-UBND",
            "title": title, "reviewer": reviewer, "source": "workbook", "decided_at": dt.datetime(2018, 12, day)}


def doc(title: str) -> Document:
    return Document(key="c" * 16 + ":1", provenance=Provenance(file="x.docx", first_page=1, last_page=1,
                                                               source=TextSource.DOCX),
                    pages=[Page(number=1, text=title, source=TextSource.DOCX)],
                    meta=DocMeta(title=title, doc_type="KH"))


def test_export_writes_a_fragment_the_catalog_loader_folds_in(tmp_path):
    state = tmp_path / "state"
    store = Store.for_state(state)
    store.add_evidence_decisions([
        decision("attach", "4.5", SURVEY, 20),
        decision("attach", "1.1", "Kế hoạch cải cách hành chính nhà nước năm 2018", 20),
        decision("detach", "1.1", "Kế hoạch cải cách hành chính nhà nước năm 2018", 21),  # latest wins
        decision("attach", "6.1", "Kế hoạch", 20),  # too short to teach: left out
    ])
    store.close()
    out = tmp_path / "taught.yaml"
    result = CliRunner().invoke(app, ["phrases", "export", "--state", str(state), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "1 phrases, 1 exclusions from 4 decisions" in result.output
    text = out.read_text(encoding="utf-8")
    assert "accepted 2018-12-20 Lan, Xã Vĩnh Thành" in text  # each line says who taught it
    data = yaml.safe_load(text)
    assert [a["code"] for a in data["areas"]] == ["1", "4"]
    fragment = load_catalog_fragment(out)
    items = {i.id: i for a in fragment.areas for c in a.criteria for i in c.items}
    assert items["4.5"].phrases == [
        "kế hoạch khảo sát lấy ý kiến đối với sự phục vụ của các cơ quan hành chính nhà nước năm"]
    assert items["1.1"].phrases == [] and items["1.1"].exclude == [
        "kế hoạch cải cách hành chính nhà nước năm"]

    config = load_config()
    merged = merge_fragment(config.catalog, out)
    survey = next(i for c in merged.criteria() for i in c.items if i.id == "4.5")
    assert survey.phrases[-1].startswith("kế hoạch khảo sát lấy ý kiến")
    title = SURVEY.replace("2018", "2019")
    assert [m.criterion for m in match_document(doc(title), config.catalog, config.settings)] == []
    matches = match_document(doc(title), merged, config.settings)
    assert [(m.criterion, m.rule) for m in matches] == [("4.5", "title")]


def test_printed_when_no_out_and_empty_without_decisions(tmp_path):
    result = CliRunner().invoke(app, ["phrases", "export", "--state", str(tmp_path / "s"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output) == {"areas": []}


def test_a_fragment_naming_an_unknown_item_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('areas:\n  - code: "4"\n    criteria:\n      - code: "4.5"\n        items:\n'
                   '          - id: "9.9"\n            phrases: ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="item 9.9"):
        merge_fragment(load_config().catalog, bad)
