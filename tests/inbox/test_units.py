"""Folder names → configured units: spelling variants map, neighbours never get confused."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.core.config import Unit, UnitsConfig, load_config
from pipeline.inbox.units import core_name, map_folder


@pytest.fixture(scope="module")
def units() -> UnitsConfig:
    return load_config().units


@pytest.mark.parametrize(
    "folder, expected",
    [
        ("Xã Vĩnh Thành", "Xã Vĩnh Thành"),
        ("xa vinh thanh", "Xã Vĩnh Thành"),
        ("VINH THANH", "Xã Vĩnh Thành"),
        ("xa_vinh_thanh", "Xã Vĩnh Thành"),
        ("Xa-Vinh-Thanh", "Xã Vĩnh Thành"),
        ("  Xã   Vĩnh  Thành ", "Xã Vĩnh Thành"),
        ("TT Phu Loc", "TT Phú Lộc"),
        ("T.T Phú Lộc", "TT Phú Lộc"),
        ("Thị trấn Phú Lộc", "TT Phú Lộc"),
        ("Thi tran Hung Loi", "TT Hưng Lợi"),
        ("Xã Thanh Trị", "Xã Thạnh Trị"),
        ("LAM TAN", "Xã Lâm Tân"),
        ("Lâm Kiêt", "Xã Lâm Kiệt"),
        ("01. Xa Chau Hung", "Xã Châu Hưng"),
        ("Tuan Tuc 2018", "Xã Tuân Tức"),
        ("UBND xã Vĩnh Lợi", "Xã Vĩnh Lợi"),
    ],
)
def test_spelling_variants_map(units, folder, expected):
    assert map_folder(folder, units).name == expected


def test_nfd_and_nfc_map_alike(units):
    nfd = unicodedata.normalize("NFD", "Xã Lâm Kiệt")
    assert map_folder(nfd, units).name == "Xã Lâm Kiệt"


@pytest.mark.parametrize("folder, expected", [
    ("Vinh Thah", "Xã Vĩnh Thành"),   # a letter missing
    ("Vinh Thanhh", "Xã Vĩnh Thành"),  # a letter doubled
    ("Chau Hong", "Xã Châu Hưng"),     # a letter wrong
])
def test_one_letter_typos_map(units, folder, expected):
    assert map_folder(folder, units).name == expected


@pytest.mark.parametrize("folder, expected", [
    ("Lâm Tân", "Xã Lâm Tân"), ("Lâm Kiệt", "Xã Lâm Kiệt"),
    ("Vĩnh Lợi", "Xã Vĩnh Lợi"), ("Vĩnh Thành", "Xã Vĩnh Thành"),
    ("Hưng Lợi", "TT Hưng Lợi"), ("Thạnh Tân", "Xã Thạnh Tân"), ("Thạnh Trị", "Xã Thạnh Trị"),
])
def test_neighbours_never_confused(units, folder, expected):
    assert map_folder(folder, units).name == expected


@pytest.mark.parametrize("folder", ["unknown", "Lam", "Vinh", "Huyện Thạnh Trị", "2018", "", "Xã Lâm Tấn Phát"])
def test_unknown_folders_map_to_none(units, folder):
    assert map_folder(folder, units) is None


def test_a_typo_equally_close_to_two_units_is_ambiguous():
    cfg = UnitsConfig(district="D", units=[Unit(name="Xã An Phú"), Unit(name="Xã An Phước")])
    assert map_folder("An Phu", cfg).name == "Xã An Phú"
    two = UnitsConfig(district="D", units=[Unit(name="Xã Hòa An"), Unit(name="Xã Hòa Ân Hai")])
    assert map_folder("Hoa Anx", two) is None or map_folder("Hoa Anx", two).name == "Xã Hòa An"
    tied = UnitsConfig(district="D", units=[Unit(name="Xã Long Tan"), Unit(name="Xã Long Tam")])
    assert map_folder("Long Tax", tied) is None


def test_prefix_kind_separates_same_core_name():
    cfg = UnitsConfig(district="D", units=[Unit(name="Xã Phú Lộc"), Unit(name="TT Phú Lộc", kind="thị trấn")])
    assert map_folder("Thi tran Phu Loc", cfg).name == "TT Phú Lộc"
    assert map_folder("Xa Phu Loc", cfg).name == "Xã Phú Lộc"
    assert map_folder("Phu Loc", cfg) is None


def test_core_name():
    assert core_name("T.T  Phú-Lộc") == "phuloc"
    assert core_name("Xã Vĩnh Thành") == "vinhthanh"
