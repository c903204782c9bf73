"""Cell values for spreadsheets and reports: formula-injection escaping and number formatting.

Text read from documents (titles, symbols, file names) ends up in cells reviewers open in Excel or
LibreOffice. A cell whose text starts with `=`, `+`, `-`, `@`, tab or CR can be run as a formula
(OWASP "CSV/formula injection"), so such text is stored as text with a leading apostrophe; the
apostrophe stays visible on purpose: it survives copy-paste and CSV export, where a style flag
would not. Numbers stay numbers.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from pipeline.core.i18n import _
from pipeline.core.model import UPLOAD_PREFIX

_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
ESCAPE = "'"
# XML 1.0 cannot hold C0 controls (openpyxl raises IllegalCharacterError: a file named "bao\x07cao.pdf"
# would stop the whole workbook), and a bare CR comes back as LF. They are written the way OOXML itself
# escapes them, `_xHHHH_` (Excel shows the character); a literal `_xHHHH_` in the text gets the
# standard `_x005F` prefix, so the escaping is reversible.
_NEEDS_OOXML = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]|_x[0-9A-Fa-f]{4}_")
_OOXML_ESCAPED = re.compile(r"_x005F(_x[0-9A-Fa-f]{4}_)|_x([0-9A-Fa-f]{4})_")


def _ooxml_escape(match: re.Match) -> str:
    text = match.group(0)
    return "_x005F" + text if len(text) > 1 else f"_x{ord(text):04X}_"


def _ooxml_unescape(match: re.Match) -> str:
    return match.group(1) if match.group(1) else chr(int(match.group(2), 16))


def escape_text(value: str | None) -> str | None:
    """Text safe to put in a cell: control characters escaped, and a leading apostrophe when the
    text could start a formula (or itself starts with an apostrophe, to stay reversible)."""
    if value is None:
        return None
    text = _NEEDS_OOXML.sub(_ooxml_escape, str(value))
    if text.startswith(_DANGEROUS_FIRST) or text.startswith(ESCAPE):
        return ESCAPE + text
    return text


def unescape_text(value: str | None) -> str | None:
    """Inverse of `escape_text` for text read back from a sheet."""
    if value is None:
        return None
    text = str(value)
    if text.startswith(ESCAPE) and (text[1:].startswith(_DANGEROUS_FIRST) or text[1:].startswith(ESCAPE)):
        text = text[1:]
    return _OOXML_ESCAPED.sub(_ooxml_unescape, text)


def cell_value(value: object) -> object:
    """What to write into a cell: numbers (not bools) unchanged, anything else as escaped text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return escape_text(str(value))
    if isinstance(value, int | float | Decimal):
        return value
    return escape_text(str(value))


def round_half_up(value: float | Decimal, places: int = 1) -> Decimal:
    """Round as people do on paper (0.05 -> 0.1), not banker's rounding; exact via Decimal."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt_number(value: float | Decimal | None) -> str:
    """A score as the seed report prints it: `80`, `86.7`, `12.5` (no trailing `.0`)."""
    if value is None:
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def fmt_score(value: float | Decimal | None, maximum: float | Decimal) -> str:
    """`20/25`: a score over its maximum."""
    return f"{fmt_number(value)}/{fmt_number(maximum)}"


def as_number(value: float | Decimal) -> int | float:
    """A Decimal/float as the plainest number type for a cell (int when whole)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def file_label(path: str | None) -> str | None:
    """A draft's file as people read it: an inbox path as it is; a commune's upload
    (`@upload/12/ke_hoach.pdf`) as "ke_hoach.pdf (uploaded by the commune, no. 12)"."""
    if not path or not path.startswith(UPLOAD_PREFIX):
        return path
    number, _sep, name = path.removeprefix(UPLOAD_PREFIX).partition("/")
    return _("{name} (uploaded by the commune, no. {number})").format(name=name, number=number)
