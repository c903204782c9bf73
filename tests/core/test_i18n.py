"""Every human-facing message has its Vietnamese translation, and both languages load."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pipeline.core import i18n

ROOT = Path(__file__).resolve().parents[2]


def _source_msgids() -> set[str]:
    ids: set[str] = set()
    for folder in ("pipeline", "flows"):
        for _fn, _lineno, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}
        ):
            ids.add(message if isinstance(message, str) else message[0])
    # the review workspace's templates call the same `_`
    for _fn, _lineno, message, _comments, _ctx in extract_from_dir(
        ROOT / "pipeline" / "review" / "templates", method_map=[("**.html", "jinja2.ext:babel_extract")],
        keywords={"_": None}, options_map={"**.html": {"extensions": "jinja2.ext.do"}},
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return {m for m in ids if m}


def test_every_message_has_a_vietnamese_translation():
    po = i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "kiemchung.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    missing = sorted(_source_msgids() - translated)
    assert not missing, f"{len(missing)} messages lack a Vietnamese translation: {missing[:10]}"


def test_vietnamese_is_default_and_english_available():
    assert i18n.translate("Results", "vi") == "Kết quả"
    assert i18n.translate("Results", "en") == "Results"


def test_po_file_parses_without_duplicates():
    po = i18n.LOCALE_DIR / "vi" / "LC_MESSAGES" / "kiemchung.po"
    text = po.read_text(encoding="utf-8")
    ids = [ln for ln in text.splitlines() if ln.startswith("msgid ") and ln != 'msgid ""']
    assert len(ids) == len(set(ids)), "duplicate msgid entries in the Vietnamese catalog"
