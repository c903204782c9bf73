"""The web app of the review workspace (Starlette, server-rendered Jinja2 pages, no CDN).

Every route is declared in `ROUTES` with the roles that may open it; `page()` wraps each handler with
what every request needs: the session (else the login page), the role, the CSRF token of every POST,
the language, and a generic error page (never a traceback). Security headers (CSP allowing only the
app itself) are added to every response by `SecurityHeaders`.
"""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.core.config import PERIOD_CODE, Config
from pipeline.core.i18n import LANGUAGES, _, set_language
from pipeline.core.model import DocumentOut
from pipeline.output.cells import fmt_number
from pipeline.review import accounts
from pipeline.review.rendered import RenderedPages
from pipeline.review.viewer import THUMB_DPI, PageCache, Unavailable, boxes_for, kind_of
from pipeline.review.workspace import LoadedDraft, Refused, Workspace
from pipeline.run import uploads as up
from pipeline.run.store import Store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "kc_session"
LOGIN_COOKIE = "kc_login"  # the login form's CSRF token (double submit: no session exists yet)
LANG_COOKIE = "kc_lang"
REVIEWERS = ("reviewer", "admin")
CLERKS = ("commune",)  # a commune's clerk: their unit's upload page only
EVERYONE = REVIEWERS + CLERKS
MAX_FORM_BYTES = 1 << 20  # a form without files (scores, notes): far more than any real one
MAX_UPLOAD_BYTES = 512 << 20  # one upload request: many scans at once, each within limits.max_file_bytes
CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
log = logging.getLogger("kiemchung.review")


class SecurityHeaders:
    """ASGI middleware: the same protective headers on every response, errors included."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
               (b"cache-control", b"no-store")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {h for h, _v in self.HEADERS}]
                cacheable = scope["path"].startswith("/static/") or scope["path"].endswith(".png")
                message["headers"] = headers + [h for h in self.HEADERS
                                                if not (cacheable and h[0] == b"cache-control")]
                if cacheable:
                    message["headers"].append((b"cache-control", b"private, max-age=3600"))
            await send(message)

        await self.app(scope, receive, wrapped)


class BodyLimit:
    """ASGI middleware: a request body larger than its route's limit is refused with 413 before it is
    read (from Content-Length; a body without one is refused with 411: every browser sends it)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        limit = MAX_UPLOAD_BYTES if scope["path"].endswith("/uploads") else MAX_FORM_BYTES
        length = headers.get(b"content-length")
        status = None
        if length is None:
            status = 411 if headers.get(b"transfer-encoding") else None
        elif not length.isdigit() or int(length) > limit:
            status = 413
        if status is None:
            return await self.app(scope, receive, send)
        text = (f"<!doctype html><meta charset=utf-8><title>{status}</title><p>Yêu cầu quá lớn (tối đa "
                f"{limit >> 20} MB): hãy gửi ít tệp hơn mỗi lần. / The request is too large (at most "
                f"{limit >> 20} MB): send fewer files at a time.</p>")
        await HTMLResponse(text, status_code=status)(scope, receive, send)


def _cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/",
                        secure=False)  # served on loopback without TLS; a proxy adds TLS and Secure


class App:
    """The app's shared state: store, workspace, templates, throttle."""

    def __init__(self, state: Path, config: Config, store: Store | None = None):
        self.state = Path(state)
        self.config = config
        self.store = store or Store.for_state(self.state)
        self.ws = Workspace(self.store, config, self.state)
        self.unit_pages = RenderedPages()  # unit pages as rendered, while their data is unchanged
        self.pages = PageCache(self.state, self.config.settings.ocr)
        self.throttle = accounts.Throttle()
        self.reader = UploadReader(self)
        self.env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        self.env.globals.update(_=lambda s: _(s), num=fmt_number, q=lambda s: quote(str(s), safe=""),
                                languages=LANGUAGES, dmy=_dmy, local=self.local_time)

    def local_time(self, when) -> str:
        """A stored UTC time in the district's timezone (settings.schedule.timezone), as people write it."""
        import datetime as dt
        from zoneinfo import ZoneInfo

        if when is None:
            return ""
        zone = ZoneInfo(self.config.settings.schedule.timezone)
        return when.replace(tzinfo=dt.UTC).astimezone(zone).strftime("%d/%m/%Y %H:%M")

    def render(self, request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("user", getattr(request.state, "user", None))
        ctx.setdefault("csrf", getattr(request.state, "csrf", ""))
        ctx.setdefault("lang", getattr(request.state, "lang", "vi"))
        ctx.setdefault("path", request.url.path)
        return HTMLResponse(self.env.get_template(template).render(**ctx), status_code=status)

    def error(self, request: Request, status: int, message: str | None = None) -> HTMLResponse:
        titles = {400: _("The form could not be read: try again with fewer files at a time."),
                  403: _("Not allowed."), 404: _("Not found."), 429: _("Too many attempts.")}
        return self.render(request, "error.html", status=status,
                           message=message or titles.get(status, _("Something went wrong on the server. "
                                                                   "The error was logged; try again.")))


class UploadReader:
    """Reads the clerks' uploads in the background, one at a time (OCR never blocks a request), then
    checks the units they belong to; the clerk's page refreshes until they are read. Woken by each
    upload, and every minute for uploads left pending by a restart."""

    def __init__(self, app: App):
        self.app = app
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="kiemchung-uploads", daemon=True)
            self._thread.start()
        self._wake.set()

    def _loop(self) -> None:
        while True:
            self._wake.wait(timeout=60)
            self._wake.clear()
            try:
                self.drain()
            except Exception:  # noqa: BLE001 - logged; the uploads stay pending and are tried again
                log.exception("review workspace: reading uploads failed")

    def drain(self) -> int:
        """Read every pending upload and check its unit now (the tests call it directly)."""
        with self._lock:
            set_language("vi")
            touched = up.read_pending(self.app.store, self.app.state, self.app.config, "vi")
            for period, unit in sorted(touched):
                try:
                    up.check_unit(self.app.store, self.app.config, period, unit, "vi")
                except LookupError:  # a unit no longer configured: its page says so
                    pass
            return len(touched)


def _dmy(iso: str | None) -> str:
    """2018-01-15 → 15/01/2018, as Vietnamese documents write dates."""
    parts = (iso or "").split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else (iso or "")


def page(roles: tuple[str, ...] | None = REVIEWERS, post: bool = False, files: bool = False):
    """Wrap a handler `fn(app, request, form) -> Response`: session, role, CSRF, language, errors.
    roles=None: open without a session (the login page). files: the form may carry uploaded files."""

    def deco(fn: Callable) -> Callable:
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            app: App = request.app.state.review
            form, unreadable = {}, False
            if request.method == "POST":
                try:
                    form = await request.form(max_files=up.MAX_FILES_PER_UPLOAD if files else 0, max_fields=200)
                except HTTPException:  # too many files or fields, a broken multipart body
                    unreadable = True
            try:
                return await run_in_threadpool(_handle, app, request, form, unreadable)
            finally:
                if hasattr(form, "close"):
                    await form.close()

        def _handle(app: App, request: Request, form, unreadable: bool = False) -> Response:
            lang = request.cookies.get(LANG_COOKIE)
            request.state.lang = lang if lang in LANGUAGES else "vi"
            set_language(request.state.lang)
            try:
                if roles is not None:
                    found = accounts.session_user(app.store, request.cookies.get(SESSION_COOKIE))
                    if found is None:
                        if request.method == "GET" and not request.url.path.endswith(".png"):
                            return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)
                        return app.error(request, 401, _("Please sign in."))
                    request.state.user, request.state.csrf = found
                    if found[0].role not in roles:
                        return app.error(request, 403)
                    if unreadable:
                        return app.error(request, 400)
                    if request.method == "POST" and not hmac.compare_digest(
                            str(form.get("csrf", "")).encode(), found[1].encode()):
                        return app.error(request, 403, _("The form has expired: reload the page and try again."))
                elif unreadable:
                    return app.error(request, 400)
                return fn(app, request, form)
            except HTTPException as exc:
                return app.error(request, exc.status_code)
            except Exception:  # noqa: BLE001 - logged here, never shown to the browser
                log.exception("review workspace: %s %s", request.method, request.url.path)
                return app.error(request, 500)

        return endpoint

    return deco


# ---- accounts ------------------------------------------------------------------------------------


@page(roles=None)
def login_form(app: App, request: Request, form) -> Response:
    token = secrets.token_urlsafe(24)
    resp = app.render(request, "login.html", login_csrf=token, next=_safe_next(request.query_params.get("next")))
    _cookie(resp, LOGIN_COOKIE, token)
    return resp


def _safe_next(target: str | None) -> str:
    """Only a path of this app (never `//host` or a URL)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@page(roles=None)
def login(app: App, request: Request, form) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(str(form.get("csrf", "")).encode(), expected.encode()):
        return app.error(request, 403, _("The form has expired: reload the page and try again."))
    name = accounts.clean_name(str(form.get("name", "")))[:128]
    client = request.client.host if request.client else "?"
    keys = ("user:" + name.casefold(), "addr:" + client)
    wait = app.throttle.blocked(*keys)
    if wait > 0:
        return app.error(request, 429, _("Too many failed sign-ins: wait {minutes} minutes and try again.")
                         .format(minutes=max(1, round(wait / 60))))
    user = accounts.verify(app.store, name, str(form.get("password", "")))
    if user is None:
        app.throttle.failed(*keys)
        token = secrets.token_urlsafe(24)
        resp = app.render(request, "login.html", status=401, login_csrf=token, next=_safe_next(form.get("next")),
                          failed=True, name=name)
        _cookie(resp, LOGIN_COOKIE, token)
        return resp
    app.throttle.succeeded(*keys)
    token, _csrf = accounts.open_session(app.store, user.name)
    resp = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    _cookie(resp, SESSION_COOKIE, token, max_age=accounts.SESSION_HOURS * 3600)
    resp.delete_cookie(LOGIN_COOKIE, path="/")
    return resp


@page(roles=EVERYONE, post=True)
def logout(app: App, request: Request, form) -> Response:
    accounts.close_session(app.store, request.cookies.get(SESSION_COOKIE))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@page(roles=EVERYONE, post=True)
def choose_language(app: App, request: Request, form) -> Response:
    lang = str(form.get("lang", ""))
    resp = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    if lang in LANGUAGES:
        _cookie(resp, LANG_COOKIE, lang, max_age=365 * 86400)
    return resp


# ---- pages -----------------------------------------------------------------------------------------


@page(roles=EVERYONE)
def home(app: App, request: Request, form) -> Response:
    if request.state.user.role in CLERKS:
        return RedirectResponse(f"/p/{quote(_default_upload_period(app))}/uploads", status_code=303)
    periods = app.ws.periods()
    if not periods:
        return app.render(request, "dashboard.html", period=None, periods=[], data={"draft": None})
    return RedirectResponse("/p/" + quote(periods[0]), status_code=303)


def _period(app: App, request: Request) -> str:
    period = request.path_params["period"]
    if not PERIOD_CODE.match(period) or period not in app.ws.periods():
        raise HTTPException(404)
    return period


def _document(app: App, request: Request):
    """(period, draft, unit, document) the route's `{ref}` names in that period's latest draft; 404
    for anything else (another period's document, a path)."""
    period = _period(app, request)
    found = app.ws.find_doc(period, request.path_params["ref"])
    if found is None:
        raise HTTPException(404)
    return (period, *found)


@page()
def dashboard(app: App, request: Request, form) -> Response:
    period = _period(app, request)
    return app.render(request, "dashboard.html", period=period, periods=app.ws.periods(),
                      data=app.ws.dashboard(period))


@page()
def unit_page(app: App, request: Request, form, message: str | None = None, status: int = 200) -> Response:
    period = _period(app, request)
    unit = request.path_params["unit"]
    data = app.ws.unit_rows(period, unit)
    if data is None:
        raise HTTPException(404)
    flagged_first = request.query_params.get("flagged") == "1"
    open_code = request.query_params.get("open")
    rows = data["rows"]
    if flagged_first:
        rows = sorted(rows, key=lambda r: not r["flags"])  # stable: catalog order within each group

    def render(csrf: str) -> HTMLResponse:
        return app.render(request, "unit.html", status=status, period=period, unit=unit, data=data, rows=rows,
                          flagged_first=flagged_first, message=message, open_code=open_code, csrf=csrf)

    if message is not None:  # a refusal: shown once, never kept
        return render(request.state.csrf)
    user = request.state.user
    key = (period, unit, user.name, user.role, user.unit, request.state.lang, flagged_first, open_code)
    return HTMLResponse(app.unit_pages.page(key, data, request.state.csrf,
                                            lambda placeholder: render(placeholder).body.decode("utf-8")))


def _decision(fn: Callable[[App, Request, object, str, str, int], object]) -> Callable:
    """A POST on a unit: run the decision, then back to the unit page (or the refusal on it)."""

    def handler(app: App, request: Request, form) -> Response:
        period = _period(app, request)
        unit = request.path_params["unit"]
        try:
            version = int(str(form.get("version", "")))
        except ValueError:
            version = -1
        try:
            fn(app, request, form, period, unit, version)
        except Refused as exc:
            return unit_page.__wrapped__(app, request, form, message=str(exc), status=409)
        code = str(form.get("code", ""))
        target = f"/p/{quote(period)}/u/{quote(unit, safe='')}"
        if request.query_params.get("flagged") == "1" or form.get("flagged") == "1":
            target += "?flagged=1&open=" + quote(code) if code else "?flagged=1"
        elif code:
            target += "?open=" + quote(code)
        return RedirectResponse(target + (f"#c-{code}" if code else ""), status_code=303)

    return handler


@page(post=True)
@_decision
def save_score(app, request, form, period, unit, version):
    app.ws.save_score(period, unit, str(form.get("code", "")), version, request.state.user.name,
                      form.get("score"), form.get("note"), accept=form.get("action") == "accept")


@page(post=True)
@_decision
def evidence(app, request, form, period, unit, version):
    app.ws.decide_evidence(period, unit, str(form.get("code", "")), version, request.state.user.name,
                           str(form.get("action", "")), str(form.get("doc", "")), form.get("note"))


@page(post=True)
@_decision
def confirm(app, request, form, period, unit, version):
    app.ws.confirm_unit(period, unit, version, request.state.user.name)


@page()
def document(app: App, request: Request, form) -> Response:
    period, draft, unit, doc = _document(app, request)
    ref = request.path_params["ref"]
    kind = kind_of(doc.file)
    pages, problem = [], None
    sha = draft.file_sha.get(doc.file) or ""
    if kind in ("pdf", "image"):
        for n in range(doc.first_page, doc.last_page + 1):
            try:
                words, width, height = app.pages.words(draft.inbox, doc.file, sha, n)
            except Unavailable as exc:
                problem = _unavailable(str(exc))
                break
            pages.append({"n": n, "width": width, "height": height, "boxes": boxes_for(words, doc)})
    text = None
    if kind == "docx" or (kind == "other"):
        text = _docx_text(app, draft, doc)
    group = next((g for g in draft.units[unit].duplicate_groups if doc.id in g.documents), None)
    copies = []
    if group:
        for did in group.documents:
            other = draft.docs.get((unit, did))
            if other is not None:
                copies.append({"doc": other, "ref": app.ws.doc_ref(draft, other), "kept": did == group.keep,
                               "image": kind_of(other.file) in ("pdf", "image")})
    flags = [f for f in draft.units[unit].flags if f.document == doc.id]
    return app.render(request, "document.html", period=period, unit=unit, doc=doc, ref=ref, pages=pages,
                      problem=problem, text=text, copies=copies, group=group, flags=flags, read=_field_rows(doc))


def _where(where: str) -> str:
    """Where a field was read, in the reviewer's language (the draft keeps the English code)."""
    return {"header": _("header"), "handwritten blank": _("handwritten blank"), "signature box": _("signature box"),
            "gazette stamp": _("gazette stamp"), "file name": _("file name"), "citation": _("citation"),
            "signature box printed on the page (OCR)": _("signature box printed on the page (OCR)"),
            "gazette stamp printed on the page (OCR)": _("gazette stamp printed on the page (OCR)"),
            "text layer (letters lost)": _("text layer (letters lost)"),
            "header (number typed into the blank at signing)": _("header (number typed into the blank at signing)"),
            "header (day typed into the blank at signing)": _("header (day typed into the blank at signing)"),
            }.get(where, where)


def _field_rows(doc: DocumentOut) -> list[dict]:
    """Each header field with where it was read, how sure, and the reader's note; or why it is empty."""
    rows = []
    for key, label in (("doc_type", _("Type")), ("symbol", _("Symbol")), ("date", _("Date")), ("title", _("Title"))):
        src = doc.fields.get(key)
        if src is not None:
            rows.append({"label": label, "where": _where(src.where), "sure": fmt_number(round(src.confidence * 100)),
                         "note": src.note, "doubt": src.confidence < 0.5})
        elif key in doc.unread:
            rows.append({"label": label, "unread": doc.unread[key]})
    return rows


def _unavailable(reason: str) -> str:
    if reason == "changed":
        return _("The file has changed since the run read it: run kiemchung again to review the new version.")
    return _("The file cannot be shown: it is no longer in the inbox.")


def _docx_text(app: App, draft: LoadedDraft, doc: DocumentOut) -> list[dict] | None:
    """The DOCX's text as extraction read it, split into marked (matched) and plain pieces."""
    from pipeline.core.model import EXTRACT_VERSION

    sha = draft.file_sha.get(doc.file)
    ef = app.store.get_extraction(sha, EXTRACT_VERSION) if sha else None
    if ef is None:
        return None
    d = next((x for x in ef.documents if x.provenance.first_page == doc.first_page), None)
    if d is None:
        return None
    marks = [m.phrase for m in doc.match.values() if m.phrase]
    marks += [v for v in (doc.symbol,) if v]
    return highlight(d.text, marks)


def highlight(text: str, phrases: list[str]) -> list[dict]:
    """Pieces of `text` ({text, mark}) with every occurrence of a phrase marked (case-insensitive)."""
    import re

    spans = []
    low = text.casefold()
    for p in phrases:
        for m in re.finditer(re.escape(p.casefold()), low):
            spans.append((m.start(), m.end()))
    spans.sort()
    out, pos = [], 0
    for a, b in spans:
        if a < pos:
            continue
        out.append({"text": text[pos:a], "mark": False})
        out.append({"text": text[a:b], "mark": True})
        pos = b
    out.append({"text": text[pos:], "mark": False})
    return out


@page()
def page_image(app: App, request: Request, form) -> Response:
    _period_code, draft, _unit, doc = _document(app, request)
    n = int(request.path_params["n"])
    if not doc.first_page <= n <= doc.last_page:
        raise HTTPException(404)
    dpi = THUMB_DPI if request.query_params.get("thumb") == "1" else 150
    try:
        png = app.pages.page_png(draft.inbox, doc.file, draft.file_sha.get(doc.file) or "", n, dpi)
    except Unavailable:
        raise HTTPException(404) from None
    return Response(png, media_type="image/png")


@page()
def workbook(app: App, request: Request, form) -> Response:
    """The reviewer workbook of the latest draft, prefilled with the latest confirmed scores."""
    import tempfile

    from pipeline.output.sheet import reviewed_scores, write_workbook

    period = _period(app, request)
    draft = app.ws.draft(period)
    with tempfile.TemporaryDirectory(dir=app.state) as tmp:
        path = write_workbook(draft.model, app.config, Path(tmp) / "draft_scores.xlsx",
                              reviewed_scores(app.store.confirmed_scores(period)))
        data = path.read_bytes()
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"content-disposition": f'attachment; filename="draft_scores_{period}.xlsx"'})


@page()
def letter(app: App, request: Request, form) -> Response:
    """The unit's feedback letter (DOCX), as `kiemchung letters` writes it: from the latest draft and
    the confirmed scores when there are some."""
    import tempfile

    from pipeline.output.letters import safe_file_name, write_unit_letter

    period = _period(app, request)
    unit = request.path_params["unit"]
    draft = app.ws.draft(period)
    if draft is None or unit not in draft.units:
        raise HTTPException(404)
    with tempfile.TemporaryDirectory(dir=app.state) as tmp:
        data = write_unit_letter(draft.units[unit], period, app.store, app.config,
                                 Path(tmp) / "letter.docx").read_bytes()
    name = quote(f"{safe_file_name(unit)}.docx", safe="")
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{name}"})


# ---- the commune's uploads (the pre-submission check) ---------------------------------------------


def _upload_periods(app: App) -> list[str]:
    """The periods uploads may go to: those with a draft, and the current year (newest first)."""
    from pipeline.run.runner import current_period

    return sorted({*app.ws.periods(), current_period(app.config.settings.schedule.timezone)}, reverse=True)


def _default_upload_period(app: App) -> str:
    return _upload_periods(app)[0]


def _upload_period(app: App, request: Request, periods: list[str] | None = None) -> str:
    """The route's period when uploads may go to it (`periods`: `_upload_periods`, when the caller has them)."""
    period = request.path_params["period"]
    if not PERIOD_CODE.match(period) or period not in (periods or _upload_periods(app)):
        raise HTTPException(404)
    return period


def _upload_unit(app: App, request: Request) -> str:
    """A clerk's own unit; for a reviewer, the unit the query names."""
    user = request.state.user
    unit = user.unit if user.role in CLERKS else request.query_params.get("unit")
    if not unit or unit not in {u.name for u in app.config.units.units}:
        raise HTTPException(404)
    return unit


@page(roles=EVERYONE)
def uploads_page(app: App, request: Request, form, message: str | None = None, status: int = 200) -> Response:
    periods = _upload_periods(app)
    period = _upload_period(app, request, periods)
    unit = _upload_unit(app, request)
    rows = up.uploads_of(app.store, period, unit)
    check = up.check_unit(app.store, app.config, period, unit, request.state.lang)
    types = app.config.catalog.doc_types
    items = []
    for row in reversed(rows):  # newest first
        state = ("withdrawn" if row.withdrawn_at is not None else
                 {"pending": "pending", "processed": "read"}.get(row.status, "problem"))
        docs = [dict(d, type_name=types[d["doc_type"]].name if d.get("doc_type") in types else None)
                for d in check["documents"].get(str(row.id), [])]
        items.append({"row": row, "state": state, "problem": up.describe(row), "documents": docs})
    return app.render(request, "uploads.html", status=status, period=period, unit=unit, uploads=items,
                      check=check, message=message, periods=periods,
                      pending=any(i["state"] == "pending" for i in items),
                      confirmed=up.unit_confirmed(app.store, period, unit),
                      is_clerk=request.state.user.role in CLERKS)


@page(roles=CLERKS, post=True, files=True)
def upload(app: App, request: Request, form) -> Response:
    period = _upload_period(app, request)
    user = request.state.user
    files = [(f.filename, f.file) for f in form.getlist("files") if getattr(f, "filename", None)]
    if not files:
        return uploads_page.__wrapped__(app, request, form, message=_("Choose at least one file."), status=400)
    try:
        up.accept(app.store, app.state, app.config, period, user.unit, user.name, files)
    except up.UploadRefused as exc:
        return uploads_page.__wrapped__(app, request, form, message=str(exc), status=409)
    app.reader.kick()
    return RedirectResponse(f"/p/{quote(period)}/uploads", status_code=303)


@page(roles=CLERKS, post=True)
def withdraw_upload(app: App, request: Request, form) -> Response:
    user = request.state.user
    try:
        row = up.withdraw(app.store, int(request.path_params["id"]), user.unit, user.name)
    except LookupError:
        raise HTTPException(404) from None
    except up.UploadRefused as exc:
        row = up.get_upload(app.store, int(request.path_params["id"]))
        request.path_params["period"] = row.period
        return uploads_page.__wrapped__(app, request, form, message=str(exc), status=409)
    return RedirectResponse(f"/p/{quote(row.period)}/uploads", status_code=303)


@page(roles=EVERYONE)
def upload_file(app: App, request: Request, form) -> Response:
    """An upload's bytes, for its own unit's clerks and the reviewers; another unit's upload does not
    exist for a clerk (404, as a wrong id)."""
    user = request.state.user
    row = up.get_upload(app.store, int(request.path_params["id"]))
    if row is None or row.status == "refused" or (user.role in CLERKS and row.unit != user.unit):
        raise HTTPException(404)
    try:
        data = up.read_bytes(app.state, row)
    except OSError:
        raise HTTPException(404) from None
    return Response(data, media_type="application/octet-stream",
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(row.name, safe='')}"})


ROUTES = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/lang", choose_language, methods=["POST"]),
    Route("/", home, methods=["GET"]),
    Route("/p/{period}", dashboard, methods=["GET"]),
    Route("/p/{period}/workbook.xlsx", workbook, methods=["GET"]),
    Route("/p/{period}/u/{unit}", unit_page, methods=["GET"]),
    Route("/p/{period}/u/{unit}/score", save_score, methods=["POST"]),
    Route("/p/{period}/u/{unit}/evidence", evidence, methods=["POST"]),
    Route("/p/{period}/u/{unit}/confirm", confirm, methods=["POST"]),
    Route("/p/{period}/u/{unit}/letter.docx", letter, methods=["GET"]),
    Route("/p/{period}/doc/{ref}", document, methods=["GET"]),
    Route("/p/{period}/doc/{ref}/page/{n:int}.png", page_image, methods=["GET"]),
    Route("/p/{period}/uploads", uploads_page, methods=["GET"]),
    Route("/p/{period}/uploads", upload, methods=["POST"]),
    Route("/up/{id:int}/withdraw", withdraw_upload, methods=["POST"]),
    Route("/up/{id:int}/file", upload_file, methods=["GET"]),
]


def create_app(state: Path, config: Config, store: Store | None = None) -> Starlette:
    review = App(state, config, store)

    async def not_found(request: Request, exc: Exception) -> Response:
        set_language(request.cookies.get(LANG_COOKIE) if request.cookies.get(LANG_COOKIE) in LANGUAGES else "vi")
        status = getattr(exc, "status_code", 404)
        return review.error(request, status if status in (404, 405) else 404)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("review workspace: unhandled %s", type(exc).__name__)
        return HTMLResponse("<!doctype html><title>500</title><p>Lỗi máy chủ / Server error.</p>", status_code=500)

    app = Starlette(routes=ROUTES + [Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")],
                    exception_handlers={404: not_found, 405: not_found, 500: server_error})
    app.state.review = review
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    if up.has_pending(review.store):
        review.reader.kick()  # uploads a restart left unread
    return app
