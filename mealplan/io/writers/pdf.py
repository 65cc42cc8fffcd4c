"""One printable PDF per kitchen: its production page, then every van's route sheet, each trip from a new page.

fpdf2 is pure Python; DejaVu Sans (assets/fonts, with its licence) is embedded and subset so
Cyrillic prints the same on any machine. The content is the same view the HTML sheets use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from mealplan.i18n import tr
from mealplan.io.writers.navigation import qr_png_bytes
from mealplan.models import Kitchen, ProductionLine, Van

FONTS = Path(__file__).parent / "assets" / "fonts"


class SheetPDF(FPDF):
    def __init__(self, footer_text: str, date: str, lang: str, draft_text: str = "") -> None:
        self.lang = lang
        self.draft_text = draft_text
        super().__init__(orientation="L", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=12)
        self.set_margins(10, 10, 10)
        # The plan date, not the clock, as creation date: reproducible runs stay byte-identical.
        self.set_creation_date(dt.datetime.combine(dt.date.fromisoformat(date), dt.time(), tzinfo=dt.UTC))

    def header(self) -> None:
        # A draft is marked on every page, where a driver looks first: a printed draft must
        # never pass for the plan.
        if self.draft_text:
            self.set_font("DejaVu", "B", 11)
            self.set_text_color(190, 0, 0)
            self.set_draw_color(190, 0, 0)
            self.cell(0, 7, self.draft_text, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.set_draw_color(0, 0, 0)
            self.ln(1)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, f"{self.footer_text} · {tr('pdf.page', self.lang)} {self.page_no()}/{PAGE_COUNT}", align="R")


# The alias fpdf2 replaces with the page count; its length is the room reserved for the number,
# and a 100,000-client city prints ~2,000 pages a kitchen (fpdf2's "{nb}" holds 3 digits).
PAGE_COUNT = "{nb-pages}"

PRINT_CELL_MAX = 300


def _text(value: object) -> str:
    """Cell text for print: a row must fit on a page, so very long cells are clipped with "…"
    (the CSV and HTML sheets keep them whole)."""
    text = "" if value is None else str(value)
    return text if len(text) <= PRINT_CELL_MAX else text[: PRINT_CELL_MAX - 1] + "…"


CELL_PAD_MM = 1.0
HEADING_FILL = (230, 230, 230)


def _width(pdf: FPDF, text: str) -> float:
    """``pdf.get_string_width`` remembered per font: a city's sheets measure the same times,
    diets and street names tens of thousands of times, at ~30 µs each."""
    widths: dict[tuple[str, str, float, str], float] = pdf.__dict__.setdefault("_mealplan_widths", {})
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, text)
    found = widths.get(key)
    if found is None:
        found = widths[key] = pdf.get_string_width(text)
    return found


def _cell_line(pdf: FPDF, x: float, y: float, width: float, height: float, line: str, align: str) -> None:
    """One line of text placed as ``pdf.cell(width, height, line, align=align)`` at (x, y) would
    place it, without the cell's machinery (styling, markdown, shaping: unused here), which was
    a third of a kitchen's PDF."""
    if not line:
        return
    if align == "L":
        dx = pdf.c_margin
    else:
        spare = width - _width(pdf, line)
        dx = spare - pdf.c_margin if align == "R" else spare / 2
    pdf.text(x + dx, y + 0.5 * height + 0.3 * pdf.font_size, line)


def _wrap(pdf: FPDF, text: str, width_mm: float) -> list[str]:
    """``text`` in lines no wider than ``width_mm`` in the current font: words first, then characters.

    fpdf2's own line breaker (multi_cell, table) re-measures the growing line for every
    character added, which made the PDFs the slowest part of the night (about 1 s a kitchen);
    measuring once per word is ~10x faster and breaks the same way for our short cells.
    """
    if _width(pdf, text) <= width_mm:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(pdf, candidate) <= width_mm:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and _width(pdf, word) > width_mm:
            cut = len(word) - 1
            while cut > 1 and _width(pdf, word[:cut]) > width_mm:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    lines.append(line)
    return lines


def _grid(
    pdf: FPDF,
    widths: Sequence[float],
    aligns: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    line_height: float,
    font_size: float,
    running: str = "",
) -> None:
    """A bordered table: the header repeated on each page, rows grown to their wrapped text, never split.

    ``aligns`` holds one letter per column (L, C or R). ``running`` heads every continuation
    page (which van, which trip), so a loose page still says whose it is.
    """

    def draw(cells: Sequence[object], heading: bool) -> None:
        pdf.set_font("DejaVu", "B" if heading else "", font_size)
        wrapped = [_wrap(pdf, _text(cell), width - 2 * CELL_PAD_MM) for cell, width in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped) * line_height + CELL_PAD_MM
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if running:
                pdf.set_font("DejaVu", "B", 10)
                pdf.cell(0, 6, running, new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("DejaVu", "B" if heading else "", font_size)
            if not heading:
                draw(header, True)
                pdf.set_font("DejaVu", "", font_size)
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_fill_color(*HEADING_FILL)
        for lines, width, align in zip(wrapped, widths, aligns, strict=True):
            pdf.rect(x, y, width, height, style="DF" if heading else "D")
            for i, line in enumerate(lines):
                top = y + CELL_PAD_MM / 2 + i * line_height
                _cell_line(pdf, x + CELL_PAD_MM, top, width - 2 * CELL_PAD_MM, line_height, line, align)
            x += width
        pdf.set_xy(pdf.l_margin, y + height)

    draw(header, True)
    for row in rows:
        draw(row, False)


def _paragraph(pdf: FPDF, text: str, line_height: float) -> None:
    """``text`` wrapped to the page width in the current font, from the left margin down."""
    for line in _wrap(pdf, text, pdf.epw):
        pdf.cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")


ALERT_RED = (200, 0, 0)


def _alert(pdf: FPDF, title: str, items: list[str]) -> None:
    """A red-framed block at the top of a trip's page: the limits this trip breaks."""
    pdf.set_text_color(*ALERT_RED)
    pdf.set_draw_color(*ALERT_RED)
    pdf.set_line_width(0.8)
    top = pdf.get_y()
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_x(pdf.l_margin + 2)
    pdf.cell(0, 6, title + ":", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    for item in items[:12] + ([f"… +{len(items) - 12}"] if len(items) > 12 else []):
        for line in _wrap(pdf, "• " + item, pdf.epw - 6):
            pdf.set_x(pdf.l_margin + 2)
            pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.rect(pdf.l_margin, top, pdf.epw, pdf.get_y() - top + 1)
    pdf.set_y(pdf.get_y() + 2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)


QR_MM = 24
QR_GAP_MM = 8


def _qr_row(pdf: FPDF, legs: list[dict], t) -> None:
    """The trip's navigation QR codes on its first page, wrapped into rows that fit the page."""
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, 5, t("sheet.navigation") + ":", new_x="LMARGIN", new_y="NEXT")
    per_row = max(1, int((pdf.epw + QR_GAP_MM) // (QR_MM + QR_GAP_MM)))
    for start in range(0, len(legs), per_row):
        y = pdf.get_y()
        for i, leg in enumerate(legs[start : start + per_row]):
            x = pdf.l_margin + i * (QR_MM + QR_GAP_MM)
            pdf.image(qr_png_bytes(leg["url"]), x=x, y=y, w=QR_MM, h=QR_MM)
            pdf.set_xy(x - QR_GAP_MM / 2, y + QR_MM)
            pdf.set_font("DejaVu", "", 7)
            label = leg.get("label") or t("sheet.leg", first=leg["first"], last=leg["last"])
            pdf.cell(QR_MM + QR_GAP_MM, 4, label, align="C")
        pdf.set_y(y + QR_MM + 5)


def write_kitchen_pdf(
    path: Path,
    date: str,
    kitchen: Kitchen,
    production: list[ProductionLine],
    diets: dict[str, str],
    sheets: list[tuple[Van | None, str, list[dict]]],
    lang: str = "bg",
    view: dict | None = None,
    mark: dict | None = None,
) -> None:
    """Write the kitchen's printable PDF: production first, then route sheets van by van; every
    page's footer names the run, and a draft's every page says so at its top."""

    def t(key: str, **fields: object) -> str:
        return tr(key, lang, **fields)

    view = view or {"totals": [], "ingredients": [], "boxes": []}
    mark = mark or {"label": "", "draft": False}
    footer = " · ".join(part for part in (kitchen.name, date, mark["label"]) if part)
    pdf = SheetPDF(footer, date, lang, mark.get("banner", "") if mark["draft"] else "")
    pdf.alias_nb_pages(PAGE_COUNT)

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, t("production.title", kitchen=kitchen.name, date=date), new_x="LMARGIN", new_y="NEXT")
    _grid(
        pdf,
        (22, 90, 55, 25, 22, 28, 35),
        "LLLRRRR",
        [t(f"col.{c}") for c in ("course", "dish", "diet", "ordered", "spare", "to_cook", "unrouted")],
        [
            [
                t(f"course.{line.course.value}"),
                line.dish_name,
                diets.get(line.diet_id, line.diet_id),
                line.portions,
                line.portions_spare,
                line.portions_to_cook,
                line.portions_unrouted,
            ]
            for line in production
        ],
        line_height=5.5,
        font_size=9,
    )
    # The rest of what the kitchen needs on paper: totals over diets, the store, the boxes.
    for heading, widths, aligns, columns, rows in (
        (
            t("production.totals"),
            (30, 100, 30, 117),
            "LLRL",
            ("course", "dish", "to_cook", "per_diet"),
            [[d["course"], d["dish"], d["to_cook"], d["per_diet"]] for d in view["totals"]],
        ),
        (
            t("production.ingredients"),
            (120, 40),
            "LR",
            ("ingredient", "kg"),
            [[i["ingredient"], f"{i['kg']:.2f}"] for i in view["ingredients"]],
        ),
        (
            t("production.boxes"),
            (30, 20, 30, 60, 30, 30),
            "LRRLRR",
            ("van", "trip", "ready_by", "diet", "portions", "boxes"),
            [[b["van_id"], b["trip"], b["ready_by"], b["diet"], b["portions"], b["boxes"]] for b in view["boxes"]]
            + [
                [
                    t("sheet.total"),
                    "",
                    "",
                    "",
                    sum(b["portions"] for b in view["boxes"]),
                    sum(b["boxes"] for b in view["boxes"]),
                ]
            ],
        ),
    ):
        if not rows:
            continue
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        _grid(pdf, widths, aligns, [t(f"col.{c}") for c in columns], rows, line_height=5, font_size=8.5)

    for van, van_id, trips in sheets:
        for trip in trips:
            pdf.add_page()
            pdf.set_font("DejaVu", "B", 13)
            pdf.cell(0, 7, t("sheet.title", van=van_id, trip=trip["trip"]), new_x="LMARGIN", new_y="NEXT")
            if trip["violations"]:
                _alert(pdf, t("violations.trip_banner"), trip["violations"])
            pdf.set_font("DejaVu", "", 9)
            diet_text = "; ".join(f"{d}: {n}" for d, n in trip["per_diet"].items())
            driver = f"{t('sheet.driver')}: {van.driver}   {t('sheet.plate')}: {van.plate}   " if van else ""
            _paragraph(
                pdf,
                f"{t('sheet.date')}: {date}   {t('sheet.kitchen')}: {kitchen.name}   {driver}"
                f"{t('sheet.departure')}: {trip['departure']}   {t('sheet.return')}: {trip['return']}   "
                f"{t('sheet.stops')}: {len(trip['stops'])}   {t('sheet.portions')}: {trip['portions']}"
                f" ({diet_text})   {t('sheet.km')}: {trip['km']}   "
                f"{t('sheet.longest', minutes=trip['longest'], limit=trip['limit'])}"
                + (
                    ""
                    if trip["hold_margin"] is None
                    else "   "
                    + t(
                        "sheet.margin",
                        hold=trip["hold_margin"],
                        window="–" if trip["window_margin"] is None else trip["window_margin"],
                    )
                ),
                5,
            )
            if trip["legs"]:
                phone = [{"url": trip["phone_link"], "label": t("sheet.phone_page")}] if trip.get("phone_link") else []
                _qr_row(pdf, trip["legs"] + phone, t)
                if phone:
                    pdf.set_font("DejaVu", "", 8)
                    pdf.cell(0, 4, f"{t('sheet.phone_page')}: {trip['phone_link']}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
            _grid(
                pdf,
                (8, 11, 22, 40, 60, 24, 25, 12, 44, 26),
                "RLLLLLLRLL",
                [
                    t(f"col.{c}")
                    for c in ("seq", "time", "window", "name", "address", "phone", "diet", "portions_short", "notes")
                ]
                + [t("col.outcome_sign")],
                [
                    [
                        stop["seq"],
                        stop["arrival"],
                        stop["window"],
                        stop["name"] + (f" · {stop['new']}" if stop["new"] else ""),
                        stop["address"] + (f" · {stop['stairs']}" if stop["stairs"] else ""),
                        stop["phone"],
                        stop["diet"],
                        stop["portions"],
                        stop["notes"] + (f" · {t('sheet.emergency')}: {stop['contact']}" if stop["contact"] else ""),
                        t("sheet.outcome_boxes"),
                    ]
                    for stop in trip["stops"]
                ]
                + [["", "", "", t("sheet.total"), "", "", "", trip["portions"], "", ""]],
                line_height=4.5,
                font_size=8,
                running=t("sheet.continued", van=van_id, trip=trip["trip"]),
            )
            pdf.set_font("DejaVu", "", 7)
            pdf.multi_cell(0, 3.5, t("sheet.outcome_legend"), new_x="LMARGIN", new_y="NEXT")
            loading = ",  ".join(
                t("loading.line", **{k: item[k] for k in ("seq", "diet", "portions")}) for item in trip["loading"]
            )
            _loading_list(
                pdf,
                f"{t('sheet.loading')}: {t('sheet.loading_hint')}",
                loading,
                running=t("sheet.continued", van=van_id, trip=trip["trip"]),
            )
    pdf.output(str(path))


LOADING_HEADING_MM, LOADING_LINE_MM, LOADING_GAP_MM = 5.0, 4.0, 2.0


def _loading_list(pdf: FPDF, heading: str, text: str, running: str) -> None:
    """The trip's loading list, kept whole with its trip: when it does not fit under the table it
    starts a page of its own headed with the van and trip, never a loose page with one line."""
    pdf.set_font("DejaVu", "", 8)
    lines = _wrap(pdf, text, pdf.epw)
    height = LOADING_GAP_MM + LOADING_HEADING_MM + LOADING_LINE_MM * len(lines)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, running, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LOADING_GAP_MM)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(0, LOADING_HEADING_MM, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    for line in lines:
        pdf.cell(0, LOADING_LINE_MM, line, new_x="LMARGIN", new_y="NEXT")


def write_visits_pdf(path: Path, office: str, period: str, worker_days: Sequence[Sequence[dict]], lang: str) -> None:
    """An office's day sheets for the period, one page a worker-day (``visit_sheets`` views):
    printed in the morning, filled in and signed at the doors, filed in the evening."""

    def t(key: str, **fields: object) -> str:
        return tr(key, lang, **fields)

    first = worker_days[0][0]["date"] if worker_days and worker_days[0] else dt.date.today().isoformat()
    pdf = SheetPDF(t("vsheet.pdf_title", office=office, period=period), first, lang)
    pdf.alias_nb_pages(PAGE_COUNT)
    columns = ("seq", "time", "client", "address", "phone", "service", "notes", "done", "sign")
    for days in worker_days:
        for day in days:
            pdf.add_page()
            pdf.set_font("DejaVu", "B", 13)
            title = t("vsheet.title", worker=day["worker"], weekday=day["weekday"], date=day["date"])
            pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9)
            meta = (
                f"{office}   {t('vsheet.leave')}: {day['leave']}   "
                f"{t('vsheet.back')}: {day['back']}   "
                + (f"{t('vsheet.break')}: {day['break']}   " if day["break"] else "")
                + f"{t('vsheet.visits')}: {len(day['visits'])}   {t('vsheet.work')}: {day['work']}   "
                + t("vsheet.travel", minutes=day["travel_min"], mode=day["mode"])
            )
            _paragraph(pdf, meta, 5)
            pdf.ln(1)
            rows = []
            for visit in day["visits"]:
                time_text = f"{visit['start']}–{visit['end']}"
                if visit["appointment"]:
                    time_text += f" {t('vsheet.fixed')}"
                elif visit["window"]:
                    time_text += f" ({t('vsheet.window', window=visit['window'])})"
                service = visit["service"]
                if visit["escort"]:
                    service += f" · {t('vsheet.escort')}"
                if visit["bring"]:
                    service += f" · {t('vsheet.bring', what=visit['bring'])}"
                if visit["partner"]:
                    service += f" · {t('vsheet.partner', name=visit['partner'])}"
                notes = [t("vsheet.lunch", window=visit["lunch"])] if visit["lunch"] else []
                notes += [visit["notes"]] if visit["notes"] else []
                notes += [f"{t('sheet.emergency')}: {visit['contact']}"] if visit["contact"] else []
                address = visit["address"] + (f" · {visit['stairs']}" if visit["stairs"] else "")
                notes_text = " · ".join(notes)
                phone = visit["phone"]
                rows.append([visit["seq"], time_text, visit["name"], address, phone, service, notes_text, "", ""])
            _grid(
                pdf,
                (8, 24, 34, 52, 24, 44, 40, 26, 25),
                "RLLLLLLLL",
                [t(f"vsheet.col.{c}") for c in columns],
                rows,
                line_height=4.5,
                font_size=8,
                running=title,
            )
            if pdf.get_y() + 16 > pdf.page_break_trigger:
                pdf.add_page()
            pdf.ln(10)
            pdf.set_font("DejaVu", "", 8.5)
            y = pdf.get_y()
            for i, key in enumerate(("vsheet.signed_worker", "vsheet.signed_head")):
                x = pdf.l_margin + i * 100
                pdf.line(x, y, x + 80, y)
                pdf.set_xy(x, y + 1)
                pdf.cell(80, 4, t(key))
    pdf.output(str(path))
