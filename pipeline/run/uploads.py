"""The commune clerks' uploads: the pre-submission check, and a second source of each unit.

A clerk signed in to the workspace with a `commune` account uploads files for their one unit. This
module decides everything about them, the web app only carries requests:

- `accept`: the request's files (a ZIP is opened into its members, within `MAX_ZIP_*`) pass the
  extraction's own admission at once (`extract.files.admit`: size, kind, empty, a `.docx` that is no
  document); a refused file gets its sentence on the spot and is recorded, never kept. An admitted
  file is kept once, by content, under STATE/uploads (the inbox stays read-only) and recorded
  (`store.Upload`: who, when, which unit and period).
- `read_pending`: the workspace's background reader extracts pending uploads with the run's own
  `process_entry` (same limits, forked reader, time budget, cache by content: the nightly run
  re-reads nothing), then checks each touched unit.
- `check_unit`: the unit analysed exactly as the nightly run would analyse it, its inbox files (from
  the period's latest draft and the extraction cache) plus its active uploads; kept in the store
  until the uploads or the draft change. The clerk reads from it what each upload was read as, which
  sub-criteria it supports, which document it repeats ("đã có"), and what the unit still lacks.
- `run_entries`: the period's active uploads as entries of the nightly run (`runner.prepare`), named
  `@upload/<id>/<name>`, their `source` "upload" in the draft and the sheet.
- `withdraw`: until the unit is confirmed, a clerk takes an upload back (the row stays, marked).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select

from pipeline.core.config import Config
from pipeline.core.i18n import _
from pipeline.core.model import (
    EXTRACT_VERSION,
    UPLOAD_PREFIX,
    DocumentOut,
    Draft,
    ExtractedFile,
    UnitDraft,
    source_of,
)
from pipeline.inbox.quarantine import Refused, message
from pipeline.inbox.scan import InboxEntry, examine, is_ignored
from pipeline.run.store import (
    Confirmation,
    ConfirmedScore,
    EvidenceDecision,
    ReviewUnit,
    Store,
    StoredDraft,
    Upload,
    UploadCheck,
)

UPLOADS_DIR = "uploads"
# Limits of one upload request (pypdf style: named, each with its own sentence). The per-file limits
# (size, pages, pixels, bombs) are the inbox's own, applied by admission and the readers.
MAX_FILES_PER_UPLOAD = 50  # files in one request, a ZIP's members included
MAX_ZIP_RATIO = 100  # unpacked/packed size of one ZIP member: PDFs and scans pack ~1x, text ~10x
MAX_NAME = 200  # characters of a file name kept (a name is shown, never used as a path)
_CHUNK = 1 << 20
_ACTIVE = ("pending", "processed")  # what the nightly run and the check include


class UploadRefused(Exception):
    """A whole request refused (too many files): nothing was kept. The message says why."""


@dataclass
class Accepted:
    """One file of a request: its upload id when kept, else the sentence saying why not."""

    name: str
    upload_id: int | None = None
    refused: str | None = None
    archive: str | None = None


def clean_file_name(name: str) -> str:
    """The last part of a client-given name, NFC, without control characters, at most MAX_NAME
    characters ("" when nothing is left)."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name.strip(". ") and name


def blob_path(state: Path, sha256: str) -> Path:
    return Path(state) / UPLOADS_DIR / sha256[:2] / sha256


def upload_path(upload: Upload) -> str:
    """The upload's name in the draft: `@upload/<id>/<name>`."""
    return f"{UPLOAD_PREFIX}{upload.id}/{upload.name}"


def _spool(state: Path, src: BinaryIO, limit: int) -> Path:
    """Copy a stream into a temporary file under STATE/uploads; stops one byte past `limit`
    (admission then refuses the size, without the rest ever being read). Admission hashes it."""
    tmp_dir = Path(state) / UPLOADS_DIR / ".incoming"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=tmp_dir)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while size <= limit and (chunk := src.read(min(_CHUNK, limit + 1 - size))):
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _keep(state: Path, tmp: Path, sha256: str) -> Path:
    """Move an admitted file to its content address (the same bytes are kept once), read-only."""
    target = blob_path(state, sha256)
    if target.is_file():
        tmp.unlink(missing_ok=True)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, 0o444)
    os.replace(tmp, target)
    return target


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as the clerk's computer wrote it: ZIP tools on Vietnamese Windows store UTF-8
    (or Windows-1258) bytes without the UTF-8 flag, which zipfile then decodes as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", "replace")
    for codec in ("utf-8", "cp1258"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _members(archive_path: Path) -> tuple[list[tuple[str, zipfile.ZipInfo]], Refused | None]:
    """The documents of a ZIP (folders and system files left out), or the refusal of the archive."""
    try:
        with zipfile.ZipFile(archive_path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], Refused("zip_damaged")
    members = []
    for info in infos:
        name = _zip_name(info)
        base = clean_file_name(name)
        if info.is_dir() or not base or name.startswith("__MACOSX/") or is_ignored(base):
            continue
        members.append((base, info))
    if len(members) > MAX_FILES_PER_UPLOAD:
        return [], Refused("zip_too_many", {"n": len(members), "limit": MAX_FILES_PER_UPLOAD})
    return members, None


def _member_refusal(info: zipfile.ZipInfo, limit: int) -> Refused | None:
    """What the archive's directory already tells about a member, before a byte of it is unpacked."""
    if info.flag_bits & 0x1:
        return Refused("zip_member_encrypted")
    if info.file_size > limit:
        return Refused("too_large", {"size_mb": f"{info.file_size / 1_048_576:.0f}",
                                     "limit_mb": f"{limit / 1_048_576:.0f}"})
    if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) and info.file_size > _CHUNK:
        return Refused("zip_member_bomb", {"ratio": info.file_size // max(info.compress_size, 1),
                                           "limit": MAX_ZIP_RATIO})
    return None


def unit_confirmed(store: Store, period: str, unit: str) -> bool:
    """The unit's scores of the period were confirmed (in the workspace or from the workbook)."""
    with store.session() as s:
        if s.scalar(select(ReviewUnit.confirmed_version).where(ReviewUnit.period == period,
                                                              ReviewUnit.unit == unit)) is not None:
            return True
        return s.scalar(select(ConfirmedScore.id).join(Confirmation, ConfirmedScore.confirmation_id == Confirmation.id)
                        .where(Confirmation.period == period, ConfirmedScore.unit == unit).limit(1)) is not None


@dataclass
class _Request:
    """One upload request being accepted: where and for whom its files are recorded."""

    store: Store
    state: Path
    config: Config
    period: str
    unit: str
    user: str
    results: list[Accepted] = field(default_factory=list)

    def record(self, name: str, tmp: Path | None, sha: str, size: int, refused: Refused | None,
               archive: str | None = None) -> None:
        """Keep an admitted file and record it; a refused one is recorded (the clerk reads why on
        their page; the audit keeps it), never kept."""
        if refused is None and tmp is not None:
            _keep(self.state, tmp, sha)
        elif tmp is not None:
            tmp.unlink(missing_ok=True)
        with self.store.session() as s:
            row = Upload(period=self.period, unit=self.unit, name=name, archive=archive, sha256=sha, size=size,
                         uploaded_by=self.user, status="pending" if refused is None else "refused",
                         error_code=refused.code if refused else None,
                         error_params=refused.params if refused else None)
            s.add(row)
            s.flush()
            upload_id = row.id
        self.results.append(Accepted(name, upload_id=None if refused else upload_id, archive=archive,
                                     refused=message(refused.code, refused.params) if refused else None))


def accept(store: Store, state: Path, config: Config, period: str, unit: str, user: str,
           files: list[tuple[str, BinaryIO]]) -> list[Accepted]:
    """Keep and record a request's files for (period, unit). Refuses the whole request (UploadRefused)
    when the unit is confirmed or the request holds too many files; otherwise each file (each member
    of a ZIP) is kept or refused on its own, with its sentence."""
    if unit_confirmed(store, period, unit):
        raise UploadRefused(_("The scores of {unit} for {period} are confirmed: uploads are closed. Contact "
                              "the district's Home Affairs office.").format(unit=unit, period=period))
    named = [(clean_file_name(n) or "file", f) for n, f in files]
    if len(named) > MAX_FILES_PER_UPLOAD:
        raise UploadRefused(_("{n} files in one upload, more than the {limit} allowed: upload them in "
                              "several parts.").format(n=len(named), limit=MAX_FILES_PER_UPLOAD))
    limit = config.settings.limits.max_file_bytes
    req = _Request(store, state, config, period, unit, user)
    for name, stream in named:
        tmp = _spool(state, stream, limit)
        try:
            admitted = _admit(tmp, name, config)
            if not _is_zip(admitted):
                req.record(name, tmp, admitted.sha256, admitted.size, admitted.refused)
                continue
            members, refusal = _members(tmp)
            if refusal is None and len(req.results) + len(members) > MAX_FILES_PER_UPLOAD:
                refusal = Refused("zip_too_many", {"n": len(members), "limit": MAX_FILES_PER_UPLOAD})
            if refusal is not None:
                req.record(name, None, admitted.sha256, admitted.size, refusal)
                continue
            with zipfile.ZipFile(tmp) as zf:
                for member, info in members:
                    _accept_member(req, zf, member, info, name, limit)
        finally:
            tmp.unlink(missing_ok=True)
    return req.results


def _is_zip(admitted) -> bool:
    """A plain ZIP archive (admission refuses it as a kind no reader knows; a DOCX is a ZIP too, but
    admitted as a DOCX)."""
    return admitted.kind == "zip" and admitted.refused is not None and admitted.refused.code == "unsupported_type"


def _accept_member(req: _Request, zf: zipfile.ZipFile, member: str, info: zipfile.ZipInfo, archive: str,
                   limit: int) -> None:
    refused = _member_refusal(info, limit)
    if refused is not None:
        req.record(member, None, "", info.file_size, refused, archive)
        return
    try:
        with zf.open(info) as src:
            tmp = _spool(req.state, src, limit)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        req.record(member, None, "", info.file_size, Refused("zip_member_damaged"), archive)
        return
    admitted = _admit(tmp, member, req.config)
    req.record(member, tmp, admitted.sha256, admitted.size,
               Refused("zip_nested") if _is_zip(admitted) else admitted.refused, archive)


def _admit(path: Path, name: str, config: Config):
    from pipeline.extract.files import admit

    return admit(path, name, config.settings)


def uploads_of(store: Store, period: str, unit: str | None = None, active: bool = False) -> list[Upload]:
    """The uploads of a period (one unit's), oldest first; `active`: neither withdrawn nor refused
    by reading."""
    with store.session() as s:
        q = select(Upload).where(Upload.period == period)
        if unit is not None:
            q = q.where(Upload.unit == unit)
        if active:
            q = q.where(Upload.withdrawn_at.is_(None), Upload.status.in_(_ACTIVE))
        return list(s.scalars(q.order_by(Upload.id)))


def has_pending(store: Store) -> bool:
    """Some upload is waiting to be read (after a restart, say)."""
    with store.session() as s:
        return s.scalar(select(Upload.id).where(Upload.status == "pending", Upload.withdrawn_at.is_(None))
                        .limit(1)) is not None


def get_upload(store: Store, upload_id: int) -> Upload | None:
    with store.session() as s:
        return s.get(Upload, upload_id)


def withdraw(store: Store, upload_id: int, unit: str, user: str) -> Upload:
    """Take an upload back (the row stays, marked with who and when). Refused once the unit is
    confirmed, or for another unit's upload (as if it did not exist)."""
    upload = get_upload(store, upload_id)
    if upload is None or upload.unit != unit:
        raise LookupError(upload_id)
    if upload.withdrawn_at is not None:
        return upload
    if unit_confirmed(store, upload.period, unit):
        raise UploadRefused(_("The scores of {unit} for {period} are confirmed: an upload can no longer be "
                              "withdrawn.").format(unit=unit, period=upload.period))
    with store.session() as s:
        row = s.get(Upload, upload_id)
        row.withdrawn_by, row.withdrawn_at = user, dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return get_upload(store, upload_id)


# ---- reading ------------------------------------------------------------------------------------


def _entry(state: Path, upload: Upload) -> InboxEntry:
    """The upload as an entry of the run: hashed again and checked like an inbox file (a blob
    changed or lost in the state directory is quarantined with its reason, never trusted)."""
    root = Path(state).resolve() / UPLOADS_DIR
    entry = examine(root, blob_path(root.parent, upload.sha256), ["@upload", str(upload.id), upload.name])
    entry.path = upload_path(upload)
    entry.folder, entry.folder_nfc = f"@upload/{upload.unit}", upload.unit
    entry.source, entry.unit = "upload", upload.unit
    if entry.status == "ok" and entry.sha256 != upload.sha256:
        entry.status, entry.error_code, entry.error_params = "quarantined", "read_error", {
            "reason": _("the kept copy of the upload no longer matches what was uploaded")}
    return entry


def run_entries(store: Store, state: Path, period: str) -> list[InboxEntry]:
    """The period's active uploads as entries of the nightly run."""
    return [_entry(state, u) for u in uploads_of(store, period, active=True)]


def read_pending(store: Store, state: Path, config: Config, lang: str = "vi") -> set[tuple[str, str]]:
    """Extract every pending upload (the run's `process_entry`: cached by content), record how it
    was read; returns the (period, unit) pairs touched."""
    from pipeline.run.runner import process_entry

    with store.session() as s:
        pending = list(s.scalars(select(Upload).where(Upload.status == "pending", Upload.withdrawn_at.is_(None))
                                 .order_by(Upload.id)))
    touched = set()
    for upload in pending:
        entry = _entry(state, upload)
        if entry.status == "ok":
            ef, _cached = process_entry(abspath=str(entry.abspath), relpath=entry.path, sha256=entry.sha256,
                                        size=entry.size, mtime_ns=entry.mtime_ns, store_url=store.url,
                                        settings=config.settings, lang=lang)
            status, code, params = ef.status, ef.error_code, ef.error_params
        else:
            status, code, params = "quarantined", entry.error_code, entry.error_params
        with store.session() as s:
            row = s.get(Upload, upload.id)
            row.status = "processed" if status == "processed" else "quarantined"
            row.error_code, row.error_params = (None, None) if status == "processed" else (code, params)
        touched.add((upload.period, upload.unit))
    return touched


# ---- the check ----------------------------------------------------------------------------------


@dataclass
class CheckedDocument:
    doc_type: str | None
    symbol: str | None
    date: str | None
    title: str | None
    criteria: list[tuple[str, str]]  # (code, name)
    repeats: list[str] = field(default_factory=list)  # "đã có" notices
    findings: list[str] = field(default_factory=list)  # late, wrong period, …


def _latest_draft_id(store: Store, period: str) -> int | None:
    with store.session() as s:
        return s.scalar(select(func.max(StoredDraft.id)).where(StoredDraft.period == period))


def _stored_draft(store: Store, draft_id: int | None) -> Draft | None:
    if draft_id is None:
        return None
    with store.session() as s:
        return Draft.model_validate(s.get(StoredDraft, draft_id).payload)


def _last_decision_id(store: Store) -> int | None:
    """The newest reviewer evidence decision: rows are only ever added, so a new one changes it."""
    with store.session() as s:
        return s.scalar(select(func.max(EvidenceDecision.id)))


def _inbox_files(store: Store, unit_entry: UnitDraft | None) -> tuple[list[ExtractedFile], int]:
    """The unit's inbox files as the last run read them (from the extraction cache); and how many
    are no longer in the cache (they are read again by the next run)."""
    from pipeline.run.runner import relocate

    files, missing = [], 0
    for f in unit_entry.files if unit_entry is not None else []:
        if source_of(f.path) == "upload":
            continue
        if f.status != "processed":
            files.append(ExtractedFile(path=f.path, sha256=f.sha256 or "", size=0, kind=f.kind or "unknown",
                                       status=f.status, error=f.error, error_code=f.error_code))
            continue
        ef = store.get_extraction(f.sha256 or "", EXTRACT_VERSION)
        if ef is None:
            missing += 1
            continue
        files.append(relocate(ef, f.path))
    return files, missing


def check_key(draft_id: int | None, uploads: list[Upload], lang: str, last_decision: int | None) -> str:
    """What a unit's check depends on: the period's draft, each upload's content, reading and
    withdrawal, the reviewers' decisions, the language and the code. Cheap: a page view computes it."""
    from pipeline.run.analysis_cache import code_fingerprint

    basis = {"draft": draft_id, "lang": lang, "code": code_fingerprint(), "decisions": last_decision,
             "uploads": [(u.id, u.sha256, u.status, u.withdrawn_at is not None) for u in uploads]}
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()


_check_locks: dict[tuple[str, str, str], threading.Lock] = {}
_check_guard = threading.Lock()


def check_unit(store: Store, config: Config, period: str, unit_name: str, lang: str = "vi") -> dict:
    """The unit's pre-submission check (kept in the store until its basis changes): see the module
    doc. Pending uploads are listed as such; the analysis waits for them to be read."""
    from pipeline.core.i18n import set_language
    from pipeline.run.runner import taught_from

    set_language(lang)
    unit = next((u for u in config.units.units if u.name == unit_name), None)
    if unit is None:
        raise LookupError(unit_name)
    uploads = uploads_of(store, period, unit_name)
    draft_id = _latest_draft_id(store, period)
    key = check_key(draft_id, uploads, lang, _last_decision_id(store))
    with _check_guard:
        lock = _check_locks.setdefault((period, unit_name, lang), threading.Lock())
    with lock:
        with store.session() as s:
            row = s.get(UploadCheck, (period, unit_name, lang))
            if row is not None and row.key == key:
                return row.payload
        # only now the draft and the reviewers' rules are read: a page view whose basis is unchanged
        # reads neither
        result = _check(store, config, period, unit, uploads, _stored_draft(store, draft_id), taught_from(store),
                        lang)
        result["key"] = key
        with store.session() as s:
            row = s.get(UploadCheck, (period, unit_name, lang))
            if row is None:
                s.add(UploadCheck(period=period, unit=unit_name, lang=lang, key=key, payload=result))
            else:
                row.key, row.payload = key, result
                row.created = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        return result


def _check(store: Store, config: Config, period: str, unit, uploads: list[Upload], draft: Draft | None,
           taught: tuple, lang: str) -> dict:
    from pipeline.output.letters import document_name, missing_line
    from pipeline.run.runner import UnitJob, analyze_job, relocate

    unit_entry = draft.unit(unit.name) if draft is not None else None
    files, not_cached = _inbox_files(store, unit_entry)
    active = [u for u in uploads if u.withdrawn_at is None and u.status == "processed"]
    for u in active:
        ef = store.get_extraction(u.sha256, EXTRACT_VERSION)
        if ef is not None:
            files.append(relocate(ef, upload_path(u)))
    folder = unit_entry.folder if unit_entry is not None else ""
    folders = (unit_entry.folders if unit_entry is not None else None) or ([folder] if folder else [])
    job = UnitJob(unit=unit, folder=folder, folders=folders, files=sorted(files, key=lambda f: f.path))
    d = analyze_job(job, config, period, lang, taught=taught)
    docs = {doc.id: doc for doc in d.documents}
    names = {c.code: c.name for c in config.catalog.criteria()}
    upload_of = {upload_path(u): u.id for u in active}

    def earlier(doc: DocumentOut, than: int) -> bool:
        """Submitted before upload `than`: an inbox document, or an earlier upload."""
        other = upload_of.get(doc.file)
        return other < than if other is not None else not doc.file.startswith(UPLOAD_PREFIX)

    per_upload: dict[int, list[dict]] = {}
    for doc in docs.values():
        uid = upload_of.get(doc.file)
        if uid is None:
            continue
        group = next((g for g in d.duplicate_groups if doc.id in g.documents), None)
        repeats = []
        for other_id in group.documents if group is not None else []:
            other = docs.get(other_id)
            if other is None or other.file == doc.file or not earlier(other, uid):
                continue
            where = (_("uploaded earlier") if other.file.startswith(UPLOAD_PREFIX)
                     else _("in the inbox: {file}").format(file=other.file))
            repeats.append(_("Already submitted: {document} ({where}) — no need to submit it again; cite "
                             "it instead.").format(document=document_name(other, config), where=where))
            break
        findings = [f.message for f in d.flags
                    if f.document == doc.id and f.code in ("late_document", "wrong_period", "contradicted_citation")]
        # the check's own stored record (UploadCheck.payload), rendered by the upload page
        per_upload.setdefault(uid, []).append({
            "doc_type": doc.doc_type, "symbol": doc.symbol, "date": doc.date, "title": doc.title,
            "is_self_assessment": doc.is_self_assessment, "criteria": [[c, names.get(c, "")] for c in doc.criteria],
            "repeats": repeats, "findings": list(dict.fromkeys(findings)), "pages": [doc.first_page, doc.last_page]})
    lacks = [missing_line(f, int(period[:4]), config) for f in d.flags if f.code in ("missing_plan", "missing_report")]
    return {
        "computed": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "draft_run": draft.run.finished if draft is not None and draft.run is not None else None,
        "not_cached": not_cached,
        "documents": {str(k): v for k, v in per_upload.items()},
        "lacks": lacks,
        "draft_total": d.draft_total,
    }


def describe(upload: Upload) -> str | None:
    """The sentence of a refused or unreadable upload, in the current language."""
    if upload.status in ("refused", "quarantined") and upload.error_code:
        return message(upload.error_code, upload.error_params or {})
    return None


def read_bytes(state: Path, upload: Upload) -> bytes:
    """The kept bytes of an upload (for its own clerk and the reviewers)."""
    with open(blob_path(state, upload.sha256), "rb") as fh:
        return fh.read()
