"""A printable plan to take to the gym: a page per week, a table per session, room to write."""

from __future__ import annotations

from importlib import resources
from typing import Any

from runstrong.present import prescription as rx
from runstrong.present.prescription import Json

FONT = "DejaVu"
MARGIN = 11.0
BOTTOM = 12.0  # room for the footer
# Exercise, sets x reps, load, rest, done: 186 mm on A4 portrait.
WIDTHS = (68.0, 22.0, 34.0, 13.0, 49.0)
HEADERS = ("Exercise", "Sets × reps", "Load", "Rest", "Done: weight × reps per set")
INK = (30, 30, 30)
GREY = (105, 105, 105)
RULE = (170, 170, 170)
SHADE = (236, 239, 242)
BAND = (44, 62, 80)
BOX_HEIGHT = 7.5
BOXES_PER_ROW = 4
LEADING = 0.39  # mm of line height per point of font size


def _font_path(name: str) -> str:
    return str(resources.files("runstrong.export").joinpath("fonts", name))


class _Sheet:
    """One PDF being laid out; keeps the running week heading for continued pages."""

    def __init__(self, plan: Json) -> None:
        from fpdf import FPDF

        self.plan = plan
        self.units = str(plan.get("units", "kg"))
        pdf: Any = FPDF(orientation="portrait", unit="mm", format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(False)
        pdf.add_font(FONT, "", _font_path("DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", _font_path("DejaVuSans-Bold.ttf"))
        pdf.set_title("runstrong strength plan")
        pdf.set_creator(str(plan.get("generator") or "runstrong"))
        self.pdf = pdf
        self.week_title = ""
        self.current: Json | None = None

    # -- primitives ---------------------------------------------------------------------------
    def font(self, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def height(self, width: float, text: str, line: float) -> float:
        """Height that `text` takes in a column of `width` at the current font."""
        if not text:
            return 0.0
        lines = self.pdf.multi_cell(width, line, text, dry_run=True, output="LINES")
        return float(len(lines)) * line

    def room(self) -> float:
        return float(self.pdf.h - BOTTOM - self.pdf.get_y())

    def footer(self) -> None:
        pdf = self.pdf
        pdf.set_xy(MARGIN, pdf.h - BOTTOM + 4)
        self.font(7, color=GREY)
        left = f"{self.plan.get('generator') or 'runstrong'} · {self.week_title}"
        pdf.cell(pdf.epw / 2, 4, left)
        pdf.cell(pdf.epw / 2, 4, f"page {pdf.page_no()}", align="R")

    def new_page(self, title: str, continued: bool = False) -> None:
        if self.pdf.page_no():
            self.footer()
        self.pdf.add_page()
        self.week_title = title
        self.font(14, bold=True)
        self.pdf.cell(0, 7, title + (" (continued)" if continued else ""))
        self.pdf.ln(7)
        if not continued:
            self.font(8, color=GREY)
            self.pdf.multi_cell(0, 3.6, self.summary(), align="L")
        self.pdf.ln(2)

    def summary(self) -> str:
        plan = self.plan
        parts = [f"Goal {plan.get('goal', '')}", f"loads in {self.units}"]
        if self.current is not None:  # the 1RMs this week's loads come from
            parts += [n.removesuffix(".") for n in rx.one_rm_notes(plan, [self.current])]
        if plan.get("race"):
            parts.append(f"race {plan['race']}")
        parts.append("Write the weight and reps you did in each box; rest as given.")
        return " · ".join(parts)

    # -- a session ----------------------------------------------------------------------------
    def session_heading(self, session: Json, continued: bool = False) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*BAND)
        text = " " + rx.session_heading(session) + (" (continued)" if continued else "")
        size = 10.5
        self.font(size, bold=True, color=(255, 255, 255))
        while size > 7.5 and pdf.get_string_width(text) > pdf.epw - 1:
            size -= 0.5
            self.font(size, bold=True, color=(255, 255, 255))
        while len(text) > 10 and pdf.get_string_width(text) > pdf.epw - 1:
            text = text[:-2] + "…"
        pdf.cell(0, 7, text, fill=True)
        pdf.ln(7)
        if session.get("placement") and not continued:
            self.font(7.5, color=GREY)
            pdf.multi_cell(0, 3.6, str(session["placement"]), align="L")
        pdf.ln(1)

    def table_header(self) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*SHADE)
        pdf.set_draw_color(*RULE)
        self.font(7.5, bold=True)
        for width, label in zip(WIDTHS, HEADERS, strict=True):
            pdf.cell(width, 5.5, " " + label, border=1, fill=True)
        pdf.ln(5.5)

    def exercise_parts(self, ex: Json) -> list[tuple[str, float, bool, tuple[int, int, int]]]:
        """(text, size, bold, colour) lines of the exercise column."""
        parts: list[tuple[str, float, bool, tuple[int, int, int]]] = [
            (str(ex.get("name") or ex.get("id")), 9, True, INK)
        ]
        details = [rx.effort(ex)]
        if ex.get("contacts"):
            details.append(f"{ex['contacts']} contacts")
        if rx.warmup(ex):
            details.append(f"warm-up {rx.warmup_text(ex, self.units)}")
        details += [str(n) for n in ex.get("notes") or []]
        detail = "; ".join(d for d in details if d)
        if detail:
            parts.append((detail, 7.5, False, INK))
        parts += [(f"• {cue}", 6.2, False, GREY) for cue in rx.cues(str(ex.get("id")))]
        return parts

    def cells(self, ex: Json) -> tuple[str, str, str]:
        """The sets × reps, load and rest columns."""
        return rx.dose(ex), rx.load(ex, self.units), rx.rest(ex.get("rest_seconds"))

    def row_height(self, ex: Json) -> float:
        total = 2.0
        for text, size, bold, color in self.exercise_parts(ex):
            self.font(size, bold, color)
            total += self.height(WIDTHS[0] - 2, text, size * LEADING)
        self.font(9)
        heights = [
            self.height(width, text, 4)
            for width, text in zip(WIDTHS[1:4], self.cells(ex), strict=True)
        ]
        if rx.plates(ex):
            self.font(6.5, color=GREY)
            heights[1] += self.height(WIDTHS[2], rx.plates(ex), 2.8)
        columns = max(heights)
        rows = -(-int(ex.get("sets") or 1) // BOXES_PER_ROW)
        return max(total, columns + 2, rows * BOX_HEIGHT + (rows - 1) + 4)

    def row(self, ex: Json, h: float) -> None:
        pdf = self.pdf
        x0, y0 = pdf.get_x(), pdf.get_y()
        pdf.set_draw_color(*RULE)
        pdf.set_xy(x0 + 1, y0 + 1)
        for text, size, bold, color in self.exercise_parts(ex):
            self.font(size, bold, color)
            pdf.set_x(x0 + 1)
            pdf.multi_cell(WIDTHS[0] - 2, size * LEADING, text, align="L")
        x = x0 + WIDTHS[0]
        self.font(9)
        below_load = y0 + 1
        for column, (width, text) in enumerate(zip(WIDTHS[1:4], self.cells(ex), strict=True)):
            pdf.set_xy(x, y0 + 1)
            pdf.multi_cell(width, 4, text, align="C")
            if column == 1:  # the load: plates go under it
                below_load = pdf.get_y()
            x += width
        if rx.plates(ex):
            self.font(6.5, color=GREY)
            pdf.set_xy(x0 + sum(WIDTHS[:2]), below_load)
            pdf.multi_cell(WIDTHS[2], 2.8, rx.plates(ex), align="C")
        self.boxes(x, y0, int(ex.get("sets") or 1), h)
        x = x0
        for width in WIDTHS:
            pdf.rect(x, y0, width, h)
            x += width
        pdf.set_xy(x0, y0 + h)

    def boxes(self, x: float, y: float, sets: int, h: float) -> None:
        """A box per set to write the weight and reps in, numbered small."""
        pdf = self.pdf
        inner = WIDTHS[4] - 2
        rows = -(-sets // BOXES_PER_ROW)
        per_row = -(-sets // rows)
        size = min(inner / per_row - 1, 15.0)
        box_h = BOX_HEIGHT
        pdf.set_draw_color(*GREY)
        self.font(5.5, color=GREY)
        for n in range(sets):
            bx = x + 1 + (n % per_row) * (size + 1)
            by = y + (h - rows * box_h - (rows - 1)) / 2 + (n // per_row) * (box_h + 1)
            pdf.rect(bx, by, size, box_h)
            pdf.set_xy(bx + 0.3, by + 0.3)
            pdf.cell(3, 2.2, str(n + 1))
        pdf.set_draw_color(*RULE)

    def notes_line(self) -> None:
        """A line to write on under the table, where the page has room for it."""
        pdf = self.pdf
        if self.room() < 10:
            pdf.ln(3)
            return
        pdf.ln(1.5)
        self.font(7.5, color=GREY)
        pdf.cell(14, 5, "Notes:")
        y = pdf.get_y() + 4.5
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.get_x(), y, MARGIN + pdf.epw, y)
        pdf.ln(9)

    def session(self, week: Json, session: Json) -> None:
        exs = list(rx.exercises(session))
        heights = [self.row_height(ex) for ex in exs]
        if self.room() < 7 + 8 + 5.5 + (heights[0] if heights else 0.0) + 10:
            self.new_page(rx.week_heading(week), continued=True)
        self.session_heading(session)
        self.table_header()
        for ex, h in zip(exs, heights, strict=True):
            if self.room() < h + 2:
                self.new_page(rx.week_heading(week), continued=True)
                self.session_heading(session, continued=True)
                self.table_header()
            self.row(ex, h)
        self.notes_line()

    def week(self, week: Json) -> None:
        self.current = week
        self.new_page(rx.week_heading(week))
        sessions = week.get("sessions", [])
        if not sessions:
            self.font(10, color=GREY)
            self.pdf.cell(0, 6, "No strength sessions this week: run, rest, recover.")
        for session in sessions:
            self.session(week, session)

    def output(self) -> bytes:
        if not self.pdf.page_no():
            self.new_page("No weeks in this plan")
        self.footer()
        return bytes(self.pdf.output())


def pdf_bytes(plan: Json) -> bytes:
    """The whole plan as a PDF, one page (or more, if it is long) per week."""
    sheet = _Sheet(plan)
    for week in plan.get("weeks", []):
        sheet.week(week)
    return sheet.output()
