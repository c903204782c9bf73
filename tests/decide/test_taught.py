"""The `reviewer` rule: a reviewer's attach teaches a title for a code (every unit, next periods),
a removal vetoes it; the latest decision on a (title, code) wins; the very document applies directly."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from test_analyze import mkdoc, mkfile

from pipeline.core.config import load_config
from pipeline.decide.analyze import analyze_unit
from pipeline.decide.taught import document_key, taught_rules, title_key

pytestmark = pytest.mark.usefixtures("english")

SURVEY = "Kế hoạch khảo sát, lấy ý kiến đối với sự phục vụ của các cơ quan hành chính nhà nước năm {y}"
PLAN = "Kế hoạch cải cách hành chính năm {y}"
SHA_A, SHA_B = "a" * 64, "b" * 64


def decision(action, code, title, when, doc_type="KH", sha=None, first_page=None, period="2018",
             reviewer="Lan", unit="Xã Vĩnh Thành"):
    return SimpleNamespace(action=action, code=code, title=title, doc_type=doc_type, reviewer=reviewer,
                           decided_at=dt.datetime.fromisoformat(when), period=period, unit=unit,
                           file_sha256=sha, first_page=first_page, source="workbook")


def unit_files(year, sha_a=SHA_A, sha_b=SHA_B):
    return [mkfile("u/a khao sat.docx", sha_a, [mkdoc("u/a khao sat.docx", sha_a, 1, SURVEY.format(y=year), "KH",
                                                   date=dt.date(year, 3, 1))]),
            mkfile("u/b ke hoach.docx", sha_b, [mkdoc("u/b ke hoach.docx", sha_b, 1, PLAN.format(y=year), "KH",
                                                   date=dt.date(year, 1, 10))])]


def run(config, year, rules=(), unit=0):
    draft = analyze_unit(config.units.units[unit], "u", unit_files(year), config, str(year), rules)
    return {d.id: d for d in draft.documents}, {c.code: c for c in draft.criteria}


@pytest.fixture(scope="module")
def config():
    return load_config()


def test_title_key_ignores_years_accents_and_abbreviations():
    assert title_key("Kế hoạch CCHC năm 2018") == title_key("Ke hoach cai cach hanh chinh nam 2019")


def test_attach_and_removal_change_the_next_periods_matches(config):
    docs, crits = run(config, 2018)
    assert "4.5" not in docs["d1"].criteria  # the catalog's phrases miss this wording
    assert docs["d2"].criteria == ["1.1"]
    rules = taught_rules([decision("attach", "4.5", SURVEY.format(y=2018), "2018-12-20T09:00:00"),
                          decision("detach", "1.1", PLAN.format(y=2018), "2018-12-20T09:05:00")])
    # next year, another unit: other files, titles saying 2019
    docs, crits = run(config, 2019, rules, unit=3)
    m = docs["d1"].match["4.5"]
    assert m.rule == "reviewer" and docs["d1"].criteria == ["4.5"]
    assert "On 2018-12-20 reviewer Lan accepted a document titled" in m.why and "for 4.5" in m.why
    assert crits["4.5"].documents == ["d1"]
    assert "1.1" not in docs["d2"].criteria and crits["1.1"].documents == []
    assert docs["d2"].vetoed["1.1"].startswith("On 2018-12-20 reviewer Lan removed a document titled")


def test_the_latest_decision_on_a_title_wins(config):
    rules = taught_rules([decision("detach", "1.1", PLAN.format(y=2018), "2018-12-20T09:05:00"),
                          decision("attach", "1.1", PLAN.format(y=2018), "2019-01-05T10:00:00", reviewer="Minh")])
    docs, _c = run(config, 2019, rules)
    assert docs["d2"].criteria == ["1.1"] and docs["d2"].vetoed == {}
    assert docs["d2"].match["1.1"].rule == "title"  # already matched: the reviewer's word is added
    assert "reviewer Minh accepted" in docs["d2"].match["1.1"].why


def test_the_very_document_applies_directly_even_with_a_bare_title(config):
    bare = [decision("attach", "4.5", "Kế hoạch", "2018-12-20T09:00:00", sha=SHA_A, first_page=1)]
    rules = taught_rules(bare)
    assert rules[0].document_key == document_key(SHA_A, 1)
    docs, _c = run(config, 2018, rules)
    assert docs["d1"].match["4.5"].why == "On 2018-12-20 reviewer Lan accepted this document for 4.5"
    # a bare type word teaches nothing beyond that document; nor does that document in another period
    docs, _c = run(config, 2019, rules)
    assert "4.5" not in docs["d1"].criteria


def test_another_type_or_another_title_is_not_taught(config):
    rules = taught_rules([decision("attach", "4.5", SURVEY.format(y=2018), "2018-12-20T09:00:00", doc_type="BC")])
    docs, _c = run(config, 2019, rules)
    assert "4.5" not in docs["d1"].criteria  # taught for a report, this is a plan
    rules = taught_rules([decision("attach", "4.5", "Kế hoạch tuyên truyền phổ biến pháp luật năm 2018",
                                   "2018-12-20T09:00:00")])
    docs, _c = run(config, 2019, rules)
    assert "4.5" not in docs["d1"].criteria
