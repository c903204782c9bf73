"""Fixtures the output tests share."""

from __future__ import annotations

import pytest

from pipeline.run.store import Store


@pytest.fixture
def store(tmp_path):
    """An empty SQLite store of the test's own."""
    s = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield s
    s.close()
