import os

# Every Tesseract process of the suite: one thread (9x faster on these machines).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest  # noqa: E402

from pipeline.core import i18n  # noqa: E402
from pipeline.core.config import load_config  # noqa: E402
from pipeline.core.fonts import FONTS, MissingFont, font_path  # noqa: E402


def pytest_sessionstart(session):
    """A missing system font is a missing install step: say which package, once, before collection
    (test modules render with these fonts at import time)."""
    missing = []
    for key in FONTS:
        try:
            font_path(key)
        except MissingFont as exc:
            missing.append(str(exc))
    if missing:
        pytest.exit("\n".join(dict.fromkeys(missing)), returncode=4)


@pytest.fixture(scope="session")
def config():
    """The default configuration (config/): catalog 2018, the ten units, settings."""
    return load_config()


def _language(lang: str):
    before = i18n.current_language()
    i18n.set_language(lang)
    yield
    i18n.set_language(before)


@pytest.fixture
def vietnamese():
    """Messages in Vietnamese (the default language) for the test; restored after."""
    yield from _language("vi")


@pytest.fixture
def english():
    """Messages in English for the test; restored after."""
    yield from _language("en")
