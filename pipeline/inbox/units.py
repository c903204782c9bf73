"""Map an inbox folder name to a configured unit (xã, thị trấn).

A clerk types the folder name however they like: "Xã Vĩnh Thành", "xa vinh thanh", "VINH_THANH",
"TT. Phu Loc", NFD Unicode, a letter wrong. We compare "core names": accent-folded, lower case,
without the kind prefix (Xã / TT / Thị trấn) and without spaces or separators. Exact core names
(of the unit's name or an alias) win; failing that, a single-edit typo is accepted only when exactly
one unit is that close, so two real units ("Lâm Tân" / "Lâm Kiệt") are never confused.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from pipeline.core.config import Unit, UnitsConfig
from pipeline.core.normalize import fold

# Kind prefixes as they are folded; longest first so "thi tran" is not read as "t" + "hi tran".
_PREFIXES = ("thi tran", "phuong", "xa", "tt", "t t", "p")
_KIND_OF_PREFIX = {"thi tran": "thị trấn", "tt": "thị trấn", "t t": "thị trấn", "xa": "xã",
                   "phuong": "phường", "p": "phường"}
_SEPARATORS = re.compile(r"[\s_\-.,;:/\\()\[\]]+")
_NUMBERS_AROUND = re.compile(r"^(?:\d+ )+|(?: \d+)+$")
# A typo on a very short core name is as likely another place; below this length only exact counts.
_MIN_FUZZY_LENGTH = 5


def _split(name: str) -> tuple[str | None, str]:
    """(kind from the prefix or None, core name without spaces), both folded."""
    words = _SEPARATORS.sub(" ", fold(name)).strip()
    # Numbering and years around the name ("01. Xa Lam Tan", "Lam Tan 2018") and a leading
    # "UBND" are not part of it.
    words = _NUMBERS_AROUND.sub("", words).strip()
    if words.startswith("ubnd "):
        words = words[5:]
    kind = None
    for prefix in _PREFIXES:
        if words.startswith(prefix + " ") and len(words) > len(prefix) + 1:
            kind = _KIND_OF_PREFIX[prefix]
            words = words[len(prefix) + 1:]
            break
    return kind, words.replace(" ", "")


def core_name(name: str) -> str:
    """'Xã Vĩnh Thành' → 'vinhthanh'; 'T.T  Phú-Lộc' → 'phuloc'."""
    return _split(name)[1]


def _names(unit: Unit) -> list[str]:
    return [unit.name, *unit.aliases]


def map_folder(name: str, units: UnitsConfig) -> Unit | None:
    """The configured unit a folder name designates, or None when it designates none or is ambiguous."""
    kind, core = _split(name)
    if not core:
        return None
    exact = [u for u in units.units if any(core_name(n) == core for n in _names(u))]
    if exact:
        return _by_kind(exact, kind)
    if len(core) < _MIN_FUZZY_LENGTH:
        return None
    best: list[Unit] = []
    best_distance = 2
    for unit in units.units:
        d = min(Levenshtein.distance(core, core_name(n), score_cutoff=1) for n in _names(unit))
        if d < best_distance:
            best, best_distance = [unit], d
        elif d == best_distance and unit not in best:
            best.append(unit)
    if best_distance > 1 or not best:
        return None
    return _by_kind(best, kind)


def _by_kind(candidates: list[Unit], kind: str | None) -> Unit | None:
    """One candidate, or the one whose kind the prefix names (a xã and a thị trấn may share a name)."""
    if len(candidates) == 1:
        return candidates[0]
    if kind:
        same = [u for u in candidates if fold(u.kind) == fold(kind)]
        if len(same) == 1:
            return same[0]
    return None
