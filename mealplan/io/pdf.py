"""One printable PDF per kitchen: its production page, then every van's route sheet, one trip a page.

fpdf2 is pure Python; DejaVu Sans (assets/fonts, with its licence) is embedded and subset so
Cyrillic prints the same on any machine. The content is the same view the HTML sheets use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from mealplan.i18n import tr
from mealplan.io.navigation import qr_png_bytes
from mealplan.models import Kitchen, ProductionLine, Van

FONTS = Path(__file__).parent / "assets" / "fonts"


class SheetPDF(FPDF):
    def __init__(self, footer_text: str, date: str, lang: str) -> None:
        self.lang = lang
        super().__init__(orientation="L", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=12)
        self.set_margins(10, 10, 10)
        # The plan date, not the clock, as creation date: reproducible runs stay byte-identical.
        self.set_creation_date(dt.datetime.combine(dt.date.fromisoformat(date), dt.time(), tzinfo=dt.timezone.utc))

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, f"{self.footer_text} · {tr('pdf.page', self.lang)} {self.page_no()}/{{nb}}", align="R")


PRINT_CELL_MAX = 300


def _text(value: object) -> str:
    """Cell text for print: a row must fit on a page, so very long cells are clipped with "…"
    (the CSV and HTML sheets keep them whole)."""
    text = "" if value is None else str(value)
    return text if len(text) <= PRINT_CELL_MAX else text[: PRINT_CELL_MAX - 1] + "…"


def write_kitchen_pdf(path: Path, date: str, kitchen: Kitchen, production: list[ProductionLine],
                      diets: dict[str, str], sheets: list[tuple[Van | None, str, list[dict]]], lang: str = "bg") -> None:
    """Write the kitchen's printable PDF: production first, then route sheets van by van."""
    def t(key: str, **fields: object) -> str:
        return tr(key, lang, **fields)

    pdf = SheetPDF(f"{kitchen.name} · {date}", date, lang)
    pdf.alias_nb_pages()
    heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, t("production.title", kitchen=kitchen.name, date=date), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(22, 90, 55, 25, 22, 28, 35), headings_style=heading, line_height=5.5,
                   text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")) as table:
        table.row([t(f"col.{c}") for c in ("course", "dish", "diet", "ordered", "spare", "to_cook", "unrouted")])
        for line in production:
            table.row([t(f"course.{line.course.value}"), _text(line.dish_name),
                       diets.get(line.diet_id, line.diet_id), str(line.portions), str(line.portions_spare),
                       str(line.portions_to_cook), str(line.portions_unrouted)])

    for van, van_id, trips in sheets:
        for trip in trips:
            pdf.add_page()
            pdf.set_font("DejaVu", "B", 13)
            pdf.cell(0, 7, t("sheet.title", van=van_id, trip=trip["trip"]), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9)
            diet_text = "; ".join(f"{d}: {n}" for d, n in trip["per_diet"].items())
            driver = f"{t('sheet.driver')}: {van.driver}   {t('sheet.plate')}: {van.plate}   " if van else ""
            pdf.multi_cell(0, 5, f"{t('sheet.date')}: {date}   {t('sheet.kitchen')}: {kitchen.name}   {driver}"
                                 f"{t('sheet.departure')}: {trip['departure']}   {t('sheet.return')}: {trip['return']}   "
                                 f"{t('sheet.stops')}: {len(trip['stops'])}   {t('sheet.portions')}: {trip['portions']}"
                                 f" ({diet_text})   {t('sheet.km')}: {trip['km']}   "
                                 f"{t('sheet.longest', minutes=trip['longest'], limit=trip['limit'])}",
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
            pdf.set_font("DejaVu", "", 8)
            with pdf.table(col_widths=(8, 11, 46, 66, 25, 37, 13, 40, 26), headings_style=heading, line_height=4.5,
                           text_align=("RIGHT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT"),
                           repeat_headings=1) as table:
                table.row([t(f"col.{c}") for c in ("seq", "time", "name", "address", "phone", "diet", "portions_short",
                                                    "notes", "sign")])
                for stop in trip["stops"]:
                    table.row([_text(stop["seq"]), stop["arrival"], _text(stop["name"]), _text(stop["address"]),
                               _text(stop["phone"]), stop["diet"], _text(stop["portions"]), _text(stop["notes"]), ""])
                table.row(["", "", t("sheet.total"), "", "", "", _text(trip["portions"]), "", ""])
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 9)
            pdf.cell(0, 5, f"{t('sheet.loading')}: {t('sheet.loading_hint')}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 8)
            loading = ", ".join(t("loading.line", **{k: item[k] for k in ("position", "seq", "diet", "portions")})
                                for item in trip["loading"])
            pdf.multi_cell(0, 4, loading, new_x="LMARGIN", new_y="NEXT")
            if trip["legs"]:
                pdf.ln(1)
                pdf.set_font("DejaVu", "B", 9)
                pdf.cell(0, 5, t("sheet.navigation") + ":", new_x="LMARGIN", new_y="NEXT")
                if pdf.get_y() > pdf.h - 45:
                    pdf.add_page()
                y = pdf.get_y()
                for i, leg in enumerate(trip["legs"]):
                    x = 10 + i * 38
                    pdf.image(qr_png_bytes(leg["url"]), x=x, y=y, w=28, h=28)
                    pdf.set_xy(x, y + 28)
                    pdf.set_font("DejaVu", "", 7)
                    pdf.cell(28, 4, t("sheet.leg", first=leg["first"], last=leg["last"]), align="C")
                pdf.set_y(y + 33)
    pdf.output(str(path))
