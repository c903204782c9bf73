"""The district report (DOCX) from the confirmed scores, in the structure of the seed report.

`write_report(period, store, config, out)` writes `OUT/bao_cao_chi_so_cchc_<period>.docx` (fixed
name; `period` must be a plain code such as `2018`, never a path). Content:
- the draft disclaimer ("Dự thảo — Phòng Nội vụ biên tập trước khi ban hành"): the office edits it;
- heading "BÁO CÁO / Kết quả xác định Chỉ số cải cách hành chính năm <period> đối với UBND các xã,
  thị trấn, <district>" (district from units.yaml);
- section I: the mean total and, when the previous period (default `period - 1`) is confirmed too,
  its relative change in percent ("tăng 9.1% so với năm 2017" = (mean - previous mean) / previous
  mean); the ranked table (`pipeline.output.summary.district_table`: Stt, Đơn vị, `93/100`, the eight areas
  `20/25` under the merged header "Điểm của từng nội dung", the `Tỷ lệ %` row); the units per class
  sentence, lowest class first, empty classes omitted; a bar chart of the totals (PNG drawn with
  Pillow, so no plotting dependency);
- section II, drafted from the latest draft's flags: units that lost points where a required plan
  or periodic report is missing (naming them), and the redundant copies and pages that citing one
  copy would have saved: per unit and in total, with their share of all pages submitted (the pages of
  the units' documents, `redundant_pages`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

from pipeline.core.config import PERIOD_CODE, Config
from pipeline.core.fonts import font_path
from pipeline.core.i18n import _, ngettext
from pipeline.core.model import Draft, UnitDraft
from pipeline.output.cells import fmt_number, fmt_score, round_half_up
from pipeline.output.docx_page import (
    cell_text,
    district_phrase,
    new_document,
    save_atomic,
    set_cell_background,
    set_column_widths,
)
from pipeline.output.summary import DistrictTable, district_table, units_from_confirmed

if TYPE_CHECKING:  # the store is the run's; outputs only receive one
    from pipeline.run.store import Store



class ReportError(ValueError):
    """The report cannot be written (no confirmed scores, bad period); the message says why."""


def report_path(out: Path, period: str) -> Path:
    return Path(out) / f"bao_cao_chi_so_cchc_{period}.docx"


def previous_of(period: str) -> str | None:
    return str(int(period) - 1) if period.isdigit() else None


def class_sentence(table: DistrictTable) -> str:
    """"đạt loại khá 1 đơn vị, đạt loại tốt 6 đơn vị, đạt loại rất tốt 3 đơn vị" (lowest class first)."""
    parts = [ngettext("rated {label}: {n} unit", "rated {label}: {n} units", n).format(label=label.lower(), n=n)
             for label, n in table.class_counts if n]
    return ", ".join(parts)


def change_phrase(mean: Decimal, previous_mean: Decimal, previous_period: str) -> str:
    pct = round_half_up((mean - previous_mean) * 100 / previous_mean, 1) if previous_mean else None
    if pct is None:
        return ""
    if pct > 0:
        return _("up {pct}% on {previous}").format(pct=fmt_number(pct), previous=previous_period)
    if pct < 0:
        return _("down {pct}% on {previous}").format(pct=fmt_number(-pct), previous=previous_period)
    return _("the same as {previous}").format(previous=previous_period)


def _font(size: int):
    # DejaVu Sans: every Vietnamese letter; PIL's default font would draw the names as boxes.
    # A missing font raises MissingFont, which the CLI prints as one line naming the package.
    return ImageFont.truetype(font_path("dejavu-sans"), size)


def bar_chart_png(table: DistrictTable, title: str) -> bytes:
    """Horizontal bars of the totals, ranked; Vietnamese names need a Unicode TrueType font."""
    rows = table.rows
    scale = 2  # drawn at 2x for a crisp picture when printed
    left, right, top, bar_h, gap = 210 * scale, 60 * scale, 50 * scale, 22 * scale, 8 * scale
    width = 900 * scale
    height = top + len(rows) * (bar_h + gap) + 40 * scale
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    f_title, f_label = _font(18 * scale), _font(14 * scale)
    draw.text((width // 2, 14 * scale), title, fill="black", font=f_title, anchor="mt")
    span = width - left - right
    top_max = float(table.total_max) or 1.0
    axis_y = top + len(rows) * (bar_h + gap)
    for tick in range(0, int(top_max) + 1, 10 if top_max >= 50 else 1):
        x = left + span * tick / top_max
        draw.line([(x, top - 4 * scale), (x, axis_y)], fill="#dddddd", width=1)
        draw.text((x, axis_y + 4 * scale), str(tick), fill="#555555", font=f_label, anchor="mt")
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        x1 = left + span * float(r.total) / top_max
        draw.rectangle([left, y, x1, y + bar_h], fill="#2f6db5")
        draw.text((left - 8 * scale, y + bar_h / 2), r.unit, fill="black", font=f_label, anchor="rm")
        draw.text((x1 + 6 * scale, y + bar_h / 2), fmt_number(r.total), fill="black", font=f_label, anchor="lm")
    draw.line([(left, top - 4 * scale), (left, axis_y)], fill="black", width=scale)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def table_cells(table: DistrictTable) -> list[list[str]]:
    """The data rows of the report table as text (ranked rows, then the `Tỷ lệ %` row)."""
    out = []
    for r in table.rows:
        out.append([str(r.rank), r.unit, fmt_score(r.total, table.total_max)]
                   + [fmt_score(r.areas[c.code], c.max) for c in table.columns])
    if table.rows:
        out.append(["", _("Rate %"), fmt_number(table.rate["total"])]
                   + [fmt_number(table.rate[c.code]) for c in table.columns])
    return out


def _add_table(doc, table: DistrictTable) -> None:
    ncols = 3 + len(table.columns)
    t = doc.add_table(rows=2, cols=ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, sub = t.rows[0].cells, t.rows[1].cells
    for i, label in enumerate((_("No."), _("Unit"), _("Total score"))):
        merged = head[i].merge(sub[i])
        cell_text(merged, label, bold=True)
    area_head = head[3].merge(head[ncols - 1])
    cell_text(area_head, _("Score of each area"), bold=True)
    for j, col in enumerate(table.columns):
        cell_text(sub[3 + j], col.name, bold=True, size=8)
    for r in (t.rows[0], t.rows[1]):
        for c in r.cells:
            set_cell_background(c, "D9E1F2")
    rows = table_cells(table)
    for k, values in enumerate(rows):
        cells = t.add_row().cells
        last = table.rows and k == len(rows) - 1
        for i, v in enumerate(values):
            cell_text(cells[i], v, bold=bool(last), center=i != 1)
    area_w = Cm(11.6 / max(len(table.columns), 1))
    set_column_widths(t, [Cm(0.9), Cm(3.2), Cm(1.5)] + [area_w] * len(table.columns))


def _missing_findings(draft: Draft | None, config: Config, confirmed: dict[tuple[str, str], tuple]) -> list[str]:
    """One line per unit that lost points where a required plan or periodic report is missing."""
    if draft is None:
        return []
    plans = {c.code: [i.title for i in c.items if i.required_plan] for c in config.catalog.criteria()}
    lines = []
    for u in draft.units:
        name = u.unit
        if not name:
            continue
        what = []
        for f in u.flags:
            if f.code not in ("missing_plan", "missing_report"):
                continue
            code = f.criterion
            score, maximum = confirmed.get((name, code), (None, None))
            if score is not None and maximum is not None and score >= maximum:
                continue  # the reviewer found the evidence after all: no point lost
            if f.code == "missing_plan" and plans.get(code):
                label = _("missing {plan}").format(plan="; ".join(plans[code]))
            else:
                label = f.message.strip().rstrip(".")
            lost = "" if score is None else " " + _("(sub-criterion {code}: {score}/{max})").format(
                code=code, score=fmt_number(score), max=fmt_number(maximum))
            what.append(f"{label}{lost}")
        if what:
            lines.append(f"{name}: " + "; ".join(what) + ".")
    return lines


@dataclass(frozen=True)
class RedundantPages:
    """Copies and pages submitted more than once, of one unit or of the district, and all its pages."""

    unit: str | None
    copies: int  # documents beyond the one kept, over the duplicate groups
    pages: int  # the groups' `redundant_pages`: pages that citing the kept copy would have saved
    all_pages: int  # every page of the unit's documents (last_page - first_page + 1)

    @property
    def share(self) -> Decimal | None:
        """Percent of all pages, one decimal; None when no page was submitted."""
        return round_half_up(Decimal(self.pages) * 100 / self.all_pages, 1) if self.all_pages else None


def document_pages(unit: UnitDraft) -> int:
    return sum(max(d.last_page - d.first_page + 1, 0) for d in unit.documents)


def redundant_pages(draft: Draft | None) -> tuple[list[RedundantPages], RedundantPages]:
    """Per unit (draft order) and for the district: the redundant copies and pages of the duplicate
    groups, against all pages submitted."""
    per_unit = []
    for u in draft.units if draft is not None else []:
        groups = u.duplicate_groups
        per_unit.append(RedundantPages(
            unit=u.unit or u.folder,
            copies=sum(max(len(g.documents) - 1, 0) for g in groups),
            pages=sum(g.redundant_pages for g in groups),
            all_pages=document_pages(u)))
    total = RedundantPages(unit=None, copies=sum(r.copies for r in per_unit), pages=sum(r.pages for r in per_unit),
                           all_pages=sum(r.all_pages for r in per_unit))
    return per_unit, total


def _share_phrase(r: RedundantPages) -> str:
    if r.share is None:
        return ""
    return _("{share}% of its {all} pages").format(share=fmt_number(r.share), all=r.all_pages)


def write_report(period: str, store: Store, config: Config, out: Path,
                 previous_period: str | None = None) -> Path:
    """Write the district report of `period` from its latest confirmation; returns the DOCX path."""
    period = str(period)
    if not PERIOD_CODE.match(period):
        raise ReportError(_("“{period}” is not a period code such as 2018.").format(period=period))
    scores = store.confirmed_scores(period)
    if not scores:
        raise ReportError(_("Period {period} has no confirmed scores: confirm the reviewed sheet first "
                            "(kiemchung confirm --sheet OUT/draft_scores.xlsx --period {period}).").format(period=period))
    table = district_table(units_from_confirmed(scores), config)
    confirmed = {(s.unit, s.code): (s.score, s.max) for s in scores}
    previous_period = previous_period or previous_of(period)
    prev_table = None
    if previous_period and previous_period != period:
        prev_scores = store.confirmed_scores(previous_period)
        if prev_scores:
            prev_table = district_table(units_from_confirmed(prev_scores), config)
    draft = store.latest_draft(period)
    district = district_phrase(config)

    doc = new_document()

    disclaimer = _("Draft — the Home Affairs Office edits it before issuing")
    p = doc.add_paragraph()
    run = p.add_run(disclaimer)
    run.italic, run.bold, run.font.color.rgb = True, True, RGBColor(0xC0, 0x00, 0x00)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(_("REPORT"))
    r.bold, r.font.size = True, Pt(14)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(_("Results of the Administrative Reform Index for {year} of the People's Committees of "
                    "communes and towns, {district}").format(year=period, district=district))
    r.bold = True

    doc.add_paragraph().add_run(_("I. Results of the Administrative Reform Index {year}:").format(year=period)).bold = True
    doc.add_paragraph(_("1. Direction and implementation:")).runs[0].bold = True
    doc.add_paragraph(_("[The Home Affairs Office adds the decisions and plans that organised the assessment.]"))
    doc.add_paragraph(_("2. Appraised scores of the communes and towns:")).runs[0].bold = True

    mean = table.mean_total
    comparison = ""
    if prev_table is not None and prev_table.mean_total is not None and mean is not None:
        comparison = ", " + change_phrase(mean, prev_table.mean_total, previous_period)
    doc.add_paragraph(_("The Administrative Reform Index {year} of the People's Committees of the communes and "
                        "towns shows totals all above {min} points (mean {mean} points{comparison}).").format(
        year=period, min=fmt_number(table.min_total), mean=fmt_number(mean), comparison=comparison))
    doc.add_paragraph(_("* The detailed results:"))
    _add_table(doc, table)
    doc.add_paragraph()
    doc.add_paragraph(_("Classification: {classes}.").format(classes=class_sentence(table)))
    chart = bar_chart_png(table, _("Total score by unit, {year}").format(year=period))
    doc.add_picture(io.BytesIO(chart), width=Cm(16))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph().add_run(_("II. COMMENTS AND ASSESSMENT (draft from the evidence check)")).bold = True
    if draft is None:
        doc.add_paragraph(_("No draft run is stored for this period: the evidence findings are not available."))
    else:
        doc.add_paragraph(_("1. Missing plans and reports:")).runs[0].bold = True
        missing = _missing_findings(draft, config, confirmed)
        if missing:
            doc.add_paragraph(_("Some units did not draw up the required plans or send the periodic reports on "
                                "administrative reform, so they lacked evidence and lost points:"))
            for line in missing:
                doc.add_paragraph(line, style="List Bullet")
        else:
            doc.add_paragraph(_("No unit lost points for a missing plan or periodic report."))
        doc.add_paragraph(_("2. Duplicate evidence:")).runs[0].bold = True
        per_unit, total = redundant_pages(draft)
        if total.copies:
            doc.add_paragraph(_("Some units photocopied the same document several times instead of citing one "
                                "document for several criteria: {copies} redundant copies, {pages} pages that "
                                "citing one copy would have saved.").format(copies=total.copies, pages=total.pages))
            doc.add_paragraph(_("Pages submitted more than once: {pages} of the {all} pages submitted "
                                "({share}%).").format(pages=total.pages, all=total.all_pages,
                                                     share=fmt_number(total.share or 0)))
            for r in per_unit:
                if r.copies:
                    line = _("{unit}: redundant copies {copies}, pages {pages}").format(
                        unit=r.unit, copies=r.copies, pages=r.pages)
                    doc.add_paragraph(f"{line} ({_share_phrase(r)})", style="List Bullet")
        else:
            doc.add_paragraph(_("No duplicate copies were found."))

    p = doc.add_paragraph()
    run = p.add_run(disclaimer)
    run.italic, run.font.color.rgb = True, RGBColor(0xC0, 0x00, 0x00)

    return save_atomic(doc, report_path(Path(out), period))
