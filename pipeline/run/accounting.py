"""The run's accounting: every inbox file (and upload) found is processed, quarantined, deferred or
ignored, and listed in exactly one unit's `files`; found = processed + quarantined + deferred +
ignored, checked before anything is written."""

from __future__ import annotations

from collections import Counter

from pipeline.core.i18n import _
from pipeline.core.model import Accounting, ExtractedFile, UnitDraft
from pipeline.inbox.scan import InboxEntry
from pipeline.run.errors import AccountingError


def pages_of(ef: ExtractedFile) -> int:
    return sum(len(d.pages) for d in ef.documents)


def accounting(entries: list[InboxEntry], units: list[UnitDraft], files: dict[str, ExtractedFile]) -> Accounting:
    statuses = Counter(f.status for u in units for f in u.files)
    ignored = [e.path for e in entries if e.status == "ignored"]
    return Accounting(
        found=len(entries),  # inbox files and uploads
        uploads=sum(1 for e in entries if e.source == "upload"),
        processed=statuses.get("processed", 0),
        quarantined=statuses.get("quarantined", 0),
        deferred=statuses.get("deferred", 0),
        ignored=len(ignored),
        ignored_files=ignored,
        pages=sum(pages_of(f) for f in files.values()),
        ocr_pages=sum(f.ocr_pages for f in files.values()),
    )


def check_accounting(entries: list[InboxEntry], units: list[UnitDraft]) -> None:
    """found = processed + quarantined + deferred + ignored, and every non-ignored inbox file is in
    exactly one unit's `files`. Raises AccountingError (one line) otherwise."""
    listed = Counter(f.path for u in units for f in u.files)
    expected = {e.path for e in entries if e.status != "ignored"}
    twice = sorted(p for p, n in listed.items() if n > 1)
    missing = sorted(expected - set(listed))
    unknown = sorted(set(listed) - expected)
    bad_status = sorted(f.path for u in units for f in u.files
                        if f.status not in ("processed", "quarantined", "deferred"))
    counts = Counter(f.status for u in units for f in u.files)
    ignored = sum(1 for e in entries if e.status == "ignored")
    total = counts["processed"] + counts["quarantined"] + counts["deferred"] + ignored
    if twice or missing or unknown or bad_status or total != len(entries):
        parts = [_("Accounting mismatch: {found} files found, {total} accounted for "
                   "({p} processed, {q} quarantined, {d} deferred, {i} ignored)").format(
            found=len(entries), total=total, p=counts["processed"], q=counts["quarantined"],
            d=counts["deferred"], i=ignored)]
        for label, paths in ((_("missing"), missing), (_("listed twice"), twice),
                             (_("not in the inbox"), unknown), (_("unknown status"), bad_status)):
            if paths:
                parts.append(f"{label}: {', '.join(paths[:3])}{' …' if len(paths) > 3 else ''}")
        raise AccountingError("; ".join(parts))
