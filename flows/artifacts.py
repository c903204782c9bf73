"""Prefect artifacts of a run: the district table and the flags, keyed per period.

Keys (Prefect requires lowercase letters, digits and dashes): `cchc-summary-<period>` (table
artifact: the ranked district table of the draft) and `cchc-flags-<period>` (markdown artifact: the
flags per unit). Keyed artifacts keep their history in the Prefect UI, one version per run.
Must be called inside a flow or task run (Prefect links the artifact to it).
"""

from __future__ import annotations

import re
from uuid import UUID

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.core.config import Config
from pipeline.core.i18n import _
from pipeline.core.model import Draft
from pipeline.output.cells import fmt_number, fmt_score
from pipeline.output.summary import district_table

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def artifact_key(kind: str, period: str) -> str:
    """`cchc-<kind>-<period>` reduced to what Prefect accepts (lowercase letters, digits, dashes)."""
    key = re.sub(r"[^a-z0-9-]+", "-", f"cchc-{kind}-{period}".lower())
    return re.sub(r"-{2,}", "-", key).strip("-")


def md_escape(text: object) -> str:
    """Document text is data, not markup: no links, HTML or table breaks in the rendered artifact."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def summary_rows(draft: Draft, config: Config) -> list[dict]:
    table = district_table(draft.units, config)
    rows = []
    for r in table.rows:
        row = {_("No."): r.rank, _("Unit"): r.unit, _("Total score"): fmt_score(r.total, table.total_max)}
        row.update({c.name: fmt_score(r.areas[c.code], c.max) for c in table.columns})
        row[_("Class")] = r.classification
        rows.append(row)
    if table.rows:
        rate = {_("No."): "", _("Unit"): _("Rate %"), _("Total score"): fmt_number(table.rate["total"])}
        rate.update({c.name: fmt_number(table.rate[c.code]) for c in table.columns})
        rate[_("Class")] = ""
        rows.append(rate)
    return rows


def flags_markdown(draft: Draft) -> str:
    lines = [f"# {md_escape(_('Flags of the draft, period {period}').format(period=draft.period))}", ""]
    any_flag = False
    for u in draft.units:
        if not u.flags:
            continue
        any_flag = True
        name = u.unit or _("(unmapped folder) {folder}").format(folder=u.folder)
        lines += [f"## {md_escape(name)}", ""]
        for f in u.flags:
            where = f" ({md_escape(f.criterion)})" if f.criterion else ""
            lines.append(f"- `{f.code}`{where}: {md_escape(f.message)}")
        lines.append("")
    if not any_flag:
        lines.append(md_escape(_("No flags.")))
    return "\n".join(lines)


def publish_artifacts(draft: Draft, config: Config) -> dict[str, UUID]:
    """Create the keyed table and markdown artifacts of a draft; returns key -> artifact id."""
    period = draft.period
    summary_key, flags_key = artifact_key("summary", period), artifact_key("flags", period)
    return {
        summary_key: create_table_artifact(
            table=summary_rows(draft, config), key=summary_key,
            description=_("District table of the draft scores, period {period}").format(period=period)),
        flags_key: create_markdown_artifact(
            markdown=flags_markdown(draft), key=flags_key,
            description=_("Flags per unit, period {period}").format(period=period)),
    }
