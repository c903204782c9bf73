"""Unit pages kept as rendered HTML while the data they show is unchanged.

The workspace keeps a unit page's data as one object until a write changes the store
(`Workspace.unit_rows`): a page rendered from that very object is still right, for the same viewer
(account, role, language, view of the page). The CSRF token, the one per-session part of a page, is
rendered as a placeholder and put in when the page is served, so a kept page never carries another
session's token.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class RenderedPages:
    """At most `size` pages, least recently served dropped first."""

    def __init__(self, size: int = 256):
        self.size = size
        # letters and digits only: autoescaping leaves it as it is, and no page text can hold it
        self.csrf_placeholder = "csrf" + secrets.token_hex(20)
        self._pages: OrderedDict[Hashable, tuple[object, str]] = OrderedDict()
        self._lock = threading.Lock()

    def page(self, key: Hashable, data: object, csrf: str, render: Callable[[str], str]) -> str:
        """The page of `key` for `data`: kept if it was rendered from this same `data` object, else
        `render(csrf_placeholder)` (kept from now on); with the session's `csrf` token put in."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is not None and kept[0] is data:
                self._pages.move_to_end(key)
                html = kept[1]
            else:
                html = None
        if html is None:
            html = render(self.csrf_placeholder)
            with self._lock:
                self._pages[key] = (data, html)
                self._pages.move_to_end(key)
                while len(self._pages) > self.size:
                    self._pages.popitem(last=False)
        return html.replace(self.csrf_placeholder, csrf)
