"""What a feedback letter must hold, read back from its DOCX: every flag of its unit and every
duplicate group (shared by tests/output/test_letters.py and the sample inbox's end-to-end test)."""

from __future__ import annotations

import docx

from pipeline.output.cells import fmt_number


def text_of(path) -> str:
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def flag_evidence(flag: dict, config) -> list[str]:
    """What of a flag a letter must show, by its content: the file or the message; for a missing
    plan or report, the catalog item the message names and its sub-criterion."""
    if flag["code"] in ("missing_plan", "missing_report"):
        titles = [i.title for i in config.catalog.criterion(flag["criterion"]).items if i.title in flag["message"]]
        assert titles, flag
        return [f"{max(titles, key=len)} (tiêu chí {flag['criterion']}): chưa có"]
    if flag["code"] == "duplicate_copies":
        return []  # checked through its group
    if flag["code"] == "unreadable_file":
        return [flag["file"], flag["message"]]
    return [flag["message"].strip()]


def assert_every_flag_in_its_letter(draft: dict, config, out, confirmed: bool = False) -> None:
    """Each named unit has its letter, and every flag and duplicate group of the unit is in it; its
    total is the draft's (`confirmed`: the period was confirmed, the letter gives the confirmed total)."""
    named = [u for u in draft["units"] if u["unit"]]
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(f"{u['unit']}.docx" for u in named)
    for u in named:
        text = text_of(out / f"{u['unit']}.docx")
        for flag in u["flags"]:
            for piece in flag_evidence(flag, config):
                assert piece in text, (u["unit"], flag["code"], piece)
        for group in u["duplicate_groups"]:
            docs = {d["id"]: d for d in u["documents"]}
            for i in group["documents"]:
                assert f"{docs[i]['file']}, tr. {docs[i]['first_page']}-{docs[i]['last_page']}" in text
        if confirmed:
            assert "Tổng điểm đã thẩm định: " in text
        else:
            assert f"Tổng điểm dự thảo, chưa thẩm định: {fmt_number(u['draft_total'])}/100 điểm" in text
