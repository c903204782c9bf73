"""The review workspace's fixture: one real run of a small inbox per session; each test gets its own
copy of the state directory (the store is SQLite), so decisions made by one test never leak."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import review_state as rs
from starlette.testclient import TestClient


@pytest.fixture(scope="session")
def built(tmp_path_factory, config):
    return rs.build_state(tmp_path_factory.mktemp("review"), config)


@pytest.fixture
def state(built, tmp_path) -> Path:
    copy = tmp_path / "state"
    shutil.copytree(built["state"], copy, ignore=shutil.ignore_patterns("review_cache"))
    return copy


@pytest.fixture
def app(state, config):
    from pipeline.review.app import create_app

    return create_app(state, config)


from review_state import login  # noqa: E402 - shared with the test modules and the benchmark


@pytest.fixture
def client(app):
    c = TestClient(app, raise_server_exceptions=False)
    assert login(c).status_code == 303
    return c


@pytest.fixture
def anon(app):
    return TestClient(app, raise_server_exceptions=False)
