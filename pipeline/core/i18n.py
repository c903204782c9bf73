"""Language of what clerks and reviewers read: gettext catalogs (Babel), Vietnamese by default.

Message ids are English; `pipeline/core/locale/vi/LC_MESSAGES/kiemchung.po` holds the Vietnamese.
Codes and JSON keys never go through here: only human text does.

    from pipeline.core.i18n import _
    _("The file is empty.")                       # in the current language
    _("Expected {what}.").format(what=...)        # format after translating

`python -m pipeline.core.i18n compile` builds the .mo files (done by the setup script); when a .mo is
missing or older than its .po, the .po is compiled in memory, so a source checkout always works.
"""

from __future__ import annotations

import contextvars
import gettext
import io
import os
import sys
from functools import cache
from pathlib import Path

DOMAIN = "kiemchung"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_START_LANGUAGE: str = os.environ.get("KIEMCHUNG_LANG") or DEFAULT_LANGUAGE
_current: contextvars.ContextVar[str] = contextvars.ContextVar("kiemchung_lang", default=_START_LANGUAGE)


def _compile_po(po_path: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=po_path.parent.parent.name)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


@cache
def get_translator(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        return gettext.GNUTranslations(io.BytesIO(_compile_po(po)))
    return gettext.NullTranslations()


def set_language(lang: str) -> None:
    get_translator(lang)  # validate early
    _current.set(lang)


def current_language() -> str:
    return _current.get()


def _(message: str) -> str:
    return get_translator(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return get_translator(_current.get()).ngettext(singular, plural, n)


def translate(message: str, lang: str) -> str:
    """Translate into a given language without touching the current one."""
    return get_translator(lang).gettext(message)


def compile_all() -> list[Path]:
    written = []
    for lang in LANGUAGES:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            mo = po.with_suffix(".mo")
            mo.write_bytes(_compile_po(po))
            written.append(mo)
    get_translator.cache_clear()
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        for path in compile_all():
            print(path)
    else:
        print("usage: python -m pipeline.core.i18n compile", file=sys.stderr)
        sys.exit(2)
