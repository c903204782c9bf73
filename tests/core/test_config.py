"""Config validation: each kind of error names the file, the entry and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.core.config import DEFAULT_CONFIG_DIR, ConfigError, load_catalog, load_config, load_units


def test_default_config_loads_and_sums_to_100():
    cfg = load_config()
    cat = cfg.catalog
    assert cat.id == "2018-commune"
    assert [a.max for a in cat.areas] == [25, 6, 15, 18, 8, 13, 7, 8]
    assert sum(c.max for c in cat.criteria()) == 100
    assert len(cfg.units.units) == 10
    required_plans = sorted(c.code for c, i in cat.items() if i.required_plan)
    assert required_plans == ["1.1", "1.4", "1.5", "2.2", "3.1", "6.1", "8.1"]
    periodic = [i.periodic_report for c, i in cat.items() if i.periodic_report]
    assert periodic == ["Q1", "H1", "Q3", "Y"]
    assert cat.classify(93) == "Rất tốt" and cat.classify(71) == "Khá" and cat.classify(80) == "Tốt"


def _catalog_data() -> dict:
    return yaml.safe_load((DEFAULT_CONFIG_DIR / "catalog-2018-commune.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "catalog-test.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _expect(tmp_path: Path, data: dict, entry: str, problem: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(ConfigError) as exc:
        load_catalog(path)
    assert exc.value.file == str(path)
    assert entry in exc.value.entry
    assert problem in exc.value.problem
    assert str(path) in str(exc.value)


def test_subcriteria_not_summing_to_area_max(tmp_path):
    data = _catalog_data()
    data["areas"][1]["criteria"][0]["max"] = 3  # area 2: 3+2+2 = 7 != 6
    _expect(tmp_path, data, "area 2", "sum to 7")


def test_unknown_document_type(tmp_path):
    data = _catalog_data()
    data["areas"][0]["criteria"][0]["items"][0]["types"] = ["KHH"]
    _expect(tmp_path, data, "criterion 1.1 item 1.1", "unknown document type 'KHH'")


def test_document_types_are_named_and_worded_by_the_vocabulary(tmp_path):
    data = _catalog_data()
    data["doc_types"] = ["KH", "BC", "QĐ", "TB", "BB", "TTr", "DS", "QC", "CV", "HD"]  # a plain list of codes
    cat = load_catalog(_write(tmp_path, data))
    assert (cat.doc_types["KH"].name, cat.doc_types["KH"].title_words) == ("Kế hoạch", ["kế hoạch"])
    assert cat.doc_types["CV"].title_words == ["công văn"]  # the catalog's own extra words are its choice
    # a type the vocabulary does not know must be named and worded by the catalog
    data["doc_types"] = {**{c: None for c in data["doc_types"]}, "PA2": None}
    _expect(tmp_path, data, "doc_types PA2", "needs its own name and title_words")
    data["doc_types"]["PA2"] = {"name": "Phương án", "title_words": ["phương án"]}
    assert load_catalog(_write(tmp_path, data)).doc_types["PA2"].name == "Phương án"


def test_duplicate_code(tmp_path):
    data = _catalog_data()
    data["areas"][0]["criteria"][1]["code"] = "1.1"
    _expect(tmp_path, data, "criterion 1.1", "duplicate code")


@pytest.mark.parametrize("deadline", ["31/02", "2018-01-31", "32/01", "15/13"])
def test_malformed_deadline(tmp_path, deadline):
    data = _catalog_data()
    data["areas"][0]["criteria"][0]["items"][0]["deadline"] = deadline
    _expect(tmp_path, data, "criterion 1.1 item 1.1", "malformed deadline")


def test_items_exceeding_criterion_max(tmp_path):
    data = _catalog_data()
    data["areas"][0]["criteria"][0]["items"][0]["points"] = 5
    _expect(tmp_path, data, "criterion 1.1", "more than max")


def test_missing_field_is_named(tmp_path):
    data = _catalog_data()
    del data["areas"][0]["criteria"][0]["items"][0]["points"]
    _expect(tmp_path, data, "areas.0.criteria.0.items.0.points", "Field required")


def test_invalid_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("areas: [\n  - code: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_catalog(path)
    assert "not valid YAML" in str(exc.value)


def test_duplicate_unit(tmp_path):
    data = yaml.safe_load((DEFAULT_CONFIG_DIR / "units.yaml").read_text(encoding="utf-8"))
    data["units"].append(dict(data["units"][0]))
    path = tmp_path / "units.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_units(path)
    assert "duplicate unit name" in str(exc.value)


def test_another_years_catalog_is_just_another_file(tmp_path):
    cfg_dir = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, cfg_dir)
    data = _catalog_data()
    data["id"] = "2019-commune"
    data["areas"][0]["criteria"][0]["items"][0]["deadline"] = "15/02"
    (cfg_dir / "catalog-2019.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cfg = load_config(cfg_dir, catalog=cfg_dir / "catalog-2019.yaml")
    assert cfg.catalog.id == "2019-commune"
    assert cfg.catalog.criterion("1.1").items[0].deadline_in(2019).isoformat() == "2019-02-15"


def test_bad_setting_value_is_named(tmp_path):
    cfg_dir = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, cfg_dir)
    (cfg_dir / "settings.yaml").write_text("lang: fr\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(cfg_dir)
    assert "settings.yaml" in exc.value.file and exc.value.entry == "lang"


@pytest.mark.parametrize("text, entry", [
    ("matching:\n  title_threshold: 120\n", "matching.title_threshold"),
    ("dedupe:\n  number_diff_share: 1.5\n", "dedupe.number_diff_share"),
    ("self_assessment:\n  name_threshold: -1\n", "self_assessment.name_threshold"),
])
def test_thresholds_out_of_range_are_refused(tmp_path, text, entry):
    cfg_dir = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, cfg_dir)
    (cfg_dir / "settings.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(cfg_dir)
    assert exc.value.entry == entry
