"""Whether a document is the unit's self-assessment report (its title, or a score table's header)."""

from __future__ import annotations

import re

from pipeline.core.model import Document
from pipeline.core.normalize import fold_keep, nfc

_SELF_WORDS = re.compile(r"tu\s*cham|tu\s*danh\s*gia|tu\s*xac\s*dinh|tu\s*cham\s*diem")


_INDEX_WORDS = re.compile(r"chi\s*so|cai\s*cach\s*hanh\s*chinh|cchc|par\s*index")


def _header_has_self_column(text: str) -> bool:
    f = fold_keep(text)
    return bool(re.search(r"diem\s*tu\s*cham|tu\s*cham\s*diem|diem\s*tu\s*danh\s*gia|tu\s*danh\s*gia", f)) and bool(
        re.search(r"tieu\s*chi|noi\s*dung|linh\s*vuc|stt|\btt\b", f)
    )


def looks_like_self_assessment(doc: Document) -> bool:
    """A 'Báo cáo tự chấm điểm / tự đánh giá … Chỉ số CCHC' or a document carrying its score table.

    Only the title and table headers count: a district report mentions "tự chấm điểm Chỉ số CCHC"
    in its body, and a plan "triển khai tự đánh giá" is a plan (KH), not the report.
    """
    title = doc.meta.title or ""
    if not title and doc.pages:
        title = " ".join(doc.pages[0].text.splitlines()[:14])
    ft = fold_keep(nfc(title))
    if doc.meta.doc_type not in ("KH", "QĐ", "TB", "TTr", "CV") or not doc.meta.doc_type:
        if _SELF_WORDS.search(ft) and (_INDEX_WORDS.search(ft) or re.search(r"\bdiem\b", ft)):
            return True
    for page in doc.pages:
        for table in page.tables:
            head = " ".join(" ".join(r) for r in table.rows[:3])
            if _header_has_self_column(head):
                return True
    for page in doc.pages[:3]:
        for line in page.text.splitlines():
            if len(line) < 200 and _header_has_self_column(line):
                return True
    return False
