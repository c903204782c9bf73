"""`kiemchung review` serves from one process with a bounded number of worker threads."""

from __future__ import annotations

import anyio.to_thread
from starlette.testclient import TestClient


def test_the_server_works_on_a_bounded_number_of_requests_at_once(app):
    from pipeline.run.cli import REVIEW_THREADS, _limit_threads

    _limit_threads(app, 3)
    with TestClient(app) as client:  # runs the startup
        assert client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens) == 3
        assert client.get("/login").status_code == 200  # the app's own startup and pages still work
    assert 1 <= REVIEW_THREADS <= 16
