"""A printable plan to take to the gym: a page per week, a table per session, room to write.

Each text is wrapped once (`_Sheet.lay`, the same line breaks fpdf2's multi_cell makes), and the
lines are both measured for page breaks and drawn from that one layout. The fonts are parsed once
per process (`_Faces`); each document gets its own copy to embed the glyphs it used.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, ClassVar

from runstrong.present import prescription as rx
from runstrong.present.prescription import Json

FONT = "DejaVu"
FACES = (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"))
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
WHITE = (255, 255, 255)
BOX_HEIGHT = 7.5
BOXES_PER_ROW = 4
LEADING = 0.39  # mm of line height per point of font size
TOLERANCE = 1e-9  # fpdf2's own, so a line that just fits breaks where it always did
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM")
"""Font tables a PDF without text shaping never uses: fpdf2 drops them from the embedded subset
anyway (kern because GPOS is there), but fontTools would read GSUB and GPOS first (~25 ms)."""

Colour = tuple[int, int, int]


def _font_file(name: str) -> Traversable:
    return resources.files("runstrong.export").joinpath("fonts", name)


def _font_path(name: str) -> str:
    return str(_font_file(name))


class _Faces:
    """The fonts parsed once per process (fontTools reading 6,000 glyph widths takes ~40 ms).

    fpdf2 subsets a document's font in place when it writes the file, so a document never gets
    the parsed font itself: it gets a copy with its own glyph subset and its own lazily read
    font file, which shares the parsed widths and glyph ids.
    """

    parsed: ClassVar[dict[str, Any]] = {}
    data: ClassVar[dict[str, bytes]] = {}

    @classmethod
    def add(cls, pdf: Any) -> None:
        for style, name in FACES:
            key = f"{FONT.lower()}{style}"
            found = cls.parsed.get(style)
            if found is None or not cls._give(pdf, key, found, cls.data[style]):
                pdf.add_font(FONT, style, _font_path(name))
                cls.parsed[style] = copy.copy(pdf.fonts[key])
                cls.data[style] = _font_file(name).read_bytes()
            ttfont = pdf.fonts[key].ttfont
            for tag in UNUSED_TABLES:
                if tag in ttfont:
                    del ttfont[tag]

    @staticmethod
    def _give(pdf: Any, key: str, parsed: Any, data: bytes) -> bool:
        """Add a copy of `parsed` to `pdf`; False if this fpdf2 keeps fonts another way."""
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
        from fpdf.fonts import SubsetMap

        try:
            font = copy.copy(parsed)
            font.i = len(pdf.fonts) + 1
            font.ttfont = TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
            font.missing_glyphs = []
            font.biggest_size_pt = 0
            font.subset = SubsetMap(font)
        except (AttributeError, TypeError):  # a newer fpdf2 with other internals: parse again
            return False
        pdf.fonts[key] = font
        return True


@dataclass(frozen=True)
class _Text:
    """A text wrapped to a column: its lines (each with its width) at one font and leading."""

    lines: tuple[tuple[str, float], ...]
    size: float
    bold: bool
    colour: Colour
    leading: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading

    @property
    def drawn_height(self) -> float:
        """How far drawing moves down: one (empty) line even for no text, as multi_cell does."""
        return max(1, len(self.lines)) * self.leading


@dataclass(frozen=True)
class _Row:
    """One exercise laid out: the exercise column's parts, the three middle cells, the plates."""

    parts: tuple[_Text, ...]
    cells: tuple[_Text, _Text, _Text]
    plates: _Text | None
    sets: int
    height: float


class _Sheet:
    """One PDF being laid out; keeps the running week heading for continued pages."""

    def __init__(self, plan: Json) -> None:
        from fpdf import FPDF

        self.plan = plan
        self.units = str(plan.get("units", "kg"))
        pdf: Any = FPDF(orientation="portrait", unit="mm", format="A4")
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_auto_page_break(False)
        _Faces.add(pdf)
        pdf.set_title("runstrong strength plan")
        pdf.set_creator(str(plan.get("generator") or "runstrong"))
        self.pdf = pdf
        self.widths = {
            style: pdf.fonts[f"{FONT.lower()}{style}"].cw for style, _ in FACES
        }  # unicode -> advance in 1/1000 em
        self.week_title = ""
        self.current: Json | None = None
        self.style: tuple[float, bool, Colour] | None = None  # the font last set
        self.words: dict[bool, dict[str, float]] = {False: {}, True: {}}  # word -> advance

    # -- primitives ---------------------------------------------------------------------------
    def font(self, size: float, bold: bool = False, color: Colour = INK) -> None:
        if (size, bold, color) == self.style:  # set_font and set_text_color are not free
            return
        self.style = (size, bold, color)
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of `text` in mm, as fpdf2 measures it."""
        advances = self.widths["B" if bold else ""]
        return float(sum(advances[ord(c)] for c in text) * size * 0.001 / self.pdf.k)

    def lay(
        self,
        text: str,
        width: float,
        size: float,
        leading: float,
        bold: bool = False,
        colour: Colour = INK,
    ) -> _Text:
        """`text` wrapped to a column of `width` mm at `size` pt, with `leading` mm a line."""
        advances = self.widths["B" if bold else ""]
        scale = size * 0.001 / self.pdf.k
        room = width - 2 * self.pdf.c_margin + TOLERANCE
        lines = _wrap(text, advances, self.words[bold], scale, room)
        return _Text(lines, size, bold, colour, leading)

    def draw(self, text: _Text, x: float, y: float, width: float, align: str = "L") -> float:
        """Draw laid-out lines into a column at (x, y); returns the y below them."""
        pdf = self.pdf
        self.font(text.size, text.bold, text.colour)
        # fpdf2's cell: the baseline sits half a line down plus 0.3 of the font size.
        drop = 0.5 * text.leading + 0.3 * text.size / pdf.k
        for index, (line, used) in enumerate(text.lines):
            left = x + (width - used) / 2 if align == "C" else x + pdf.c_margin
            pdf.text(left, y + index * text.leading + drop, line)
        return y + text.drawn_height

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
        pdf = self.pdf
        if pdf.page_no():
            self.footer()
        pdf.add_page()
        self.week_title = title
        self.font(14, bold=True)
        pdf.cell(0, 7, title + (" (continued)" if continued else ""))
        pdf.ln(7)
        if not continued:
            summary = self.lay(self.summary(), pdf.epw, 8, 3.6, colour=GREY)
            pdf.set_y(self.draw(summary, MARGIN, pdf.get_y(), pdf.epw))
        pdf.ln(2)

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
        while size > 7.5 and self.width(text, size, bold=True) > pdf.epw - 1:
            size -= 0.5
        while len(text) > 10 and self.width(text, size, bold=True) > pdf.epw - 1:
            text = text[:-2] + "…"
        self.font(size, bold=True, color=WHITE)
        pdf.cell(0, 7, text, fill=True)
        pdf.ln(7)
        if session.get("placement") and not continued:
            placement = self.lay(str(session["placement"]), pdf.epw, 7.5, 3.6, colour=GREY)
            pdf.set_y(self.draw(placement, MARGIN, pdf.get_y(), pdf.epw))
        pdf.ln(1)

    def table_header(self) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*SHADE)
        pdf.set_draw_color(*RULE)
        self.font(7.5, bold=True)
        x, y = pdf.get_x(), pdf.get_y()
        drop = 0.5 * 5.5 + 0.3 * 7.5 / pdf.k
        for width, label in zip(WIDTHS, HEADERS, strict=True):
            pdf.rect(x, y, width, 5.5, style="DF")
            pdf.text(x + pdf.c_margin, y + drop, " " + label)
            x += width
        pdf.set_xy(MARGIN, y + 5.5)

    def exercise_parts(self, ex: Json) -> list[tuple[str, float, bool, Colour]]:
        """(text, size, bold, colour) lines of the exercise column."""
        parts: list[tuple[str, float, bool, Colour]] = [
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
        parts += [(f"• {cue}", 6.2, False, GREY) for cue in rx.cues(ex)]
        return parts

    def cells(self, ex: Json) -> tuple[str, str, str]:
        """The sets × reps, load and rest columns."""
        return rx.dose(ex), rx.load(ex, self.units), rx.rest(ex.get("rest_seconds"))

    def lay_row(self, ex: Json) -> _Row:
        """The exercise's texts wrapped to their columns, and the row height they need."""
        parts = tuple(
            self.lay(text, WIDTHS[0] - 2, size, size * LEADING, bold, colour)
            for text, size, bold, colour in self.exercise_parts(ex)
        )
        dose, load, rest = (
            self.lay(text, width, 9, 4)
            for width, text in zip(WIDTHS[1:4], self.cells(ex), strict=True)
        )
        plates = rx.plates(ex)
        under = self.lay(plates, WIDTHS[2], 6.5, 2.8, colour=GREY) if plates else None
        sets = int(ex.get("sets") or 1)
        columns = max(dose.height, load.height + (under.height if under else 0.0), rest.height)
        rows = -(-sets // BOXES_PER_ROW)
        total = 2.0 + sum(part.height for part in parts)
        height = max(total, columns + 2, rows * BOX_HEIGHT + (rows - 1) + 4)
        return _Row(parts, (dose, load, rest), under, sets, height)

    def row(self, row: _Row) -> None:
        pdf = self.pdf
        x0, y0 = pdf.get_x(), pdf.get_y()
        y = y0 + 1
        for part in row.parts:
            y = self.draw(part, x0 + 1, y, WIDTHS[0] - 2)
        x = x0 + WIDTHS[0]
        below_load = y0 + 1
        for column, (width, text) in enumerate(zip(WIDTHS[1:4], row.cells, strict=True)):
            below = self.draw(text, x, y0 + 1, width, align="C")
            if column == 1:  # the load: plates go under it
                below_load = below
            x += width
        if row.plates is not None:
            self.draw(row.plates, x0 + sum(WIDTHS[:2]), below_load, WIDTHS[2], align="C")
        self.boxes(x, y0, row.sets, row.height)
        pdf.set_draw_color(*RULE)
        x = x0
        for width in WIDTHS:
            pdf.rect(x, y0, width, row.height)
            x += width
        pdf.set_xy(x0, y0 + row.height)

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
        drop = 0.3 + 0.5 * 2.2 + 0.3 * 5.5 / pdf.k
        for n in range(sets):
            bx = x + 1 + (n % per_row) * (size + 1)
            by = y + (h - rows * box_h - (rows - 1)) / 2 + (n // per_row) * (box_h + 1)
            pdf.rect(bx, by, size, box_h)
            pdf.text(bx + 0.3 + pdf.c_margin, by + drop, str(n + 1))

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
        rows = [self.lay_row(ex) for ex in rx.exercises(session)]
        if self.room() < 7 + 8 + 5.5 + (rows[0].height if rows else 0.0) + 10:
            self.new_page(rx.week_heading(week), continued=True)
        self.session_heading(session)
        self.table_header()
        for row in rows:
            if self.room() < row.height + 2:
                self.new_page(rx.week_heading(week), continued=True)
                self.session_heading(session, continued=True)
                self.table_header()
            self.row(row)
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


def _wrap(
    text: str,
    advances: dict[int, float],
    known: dict[str, float],
    scale: float,
    room: float,
) -> tuple[tuple[str, float], ...]:
    """Lines of `text` and their widths, broken where fpdf2's multi_cell breaks them: at the
    last space that fits (the space dropped), inside a word only when it alone is too wide, and
    at each newline. `advances` are the font's widths in 1/1000 em, `known` the widths of the
    words met so far, `scale` mm per unit."""
    space = advances[ord(" ")]
    lines: list[tuple[str, float]] = []
    paragraphs = text.replace("\r", "").split("\n")
    for number, paragraph in enumerate(paragraphs):
        words: list[str] = []
        used = 0.0  # units on the line so far
        for word in paragraph.split(" "):
            units = known.get(word)
            if units is None:
                units = known[word] = sum(advances[ord(c)] for c in word)
            if words and (used + space + units) * scale > room:
                lines.append((" ".join(words), used * scale))
                words, used = [], 0.0
            if words:
                used += space
                words.append(word)
            else:
                rest, units = _split_long(word, units, advances, scale, room, lines)
                words.append(rest)
            used += units
        if used or number < len(paragraphs) - 1:  # a trailing newline adds no line
            lines.append((" ".join(words), used * scale))
    return tuple(lines)


def _split_long(
    word: str,
    units: float,
    advances: dict[int, float],
    scale: float,
    room: float,
    lines: list[tuple[str, float]],
) -> tuple[str, float]:
    """Break a word wider than the column into lines that fit; return what is left of it."""
    while units * scale > room:
        fits, taken = 0, 0.0
        while fits < len(word) and (taken + advances[ord(word[fits])]) * scale <= room:
            taken += advances[ord(word[fits])]
            fits += 1
        if not fits:  # not even one character fits: put it alone on a line
            fits, taken = 1, advances[ord(word[0])]
        lines.append((word[:fits], taken * scale))
        word, units = word[fits:], units - taken
    return word, units


def pdf_bytes(plan: Json, stamp: dt.datetime | None = None) -> bytes:
    """The whole plan as a PDF, one page (or more, if it is long) per week; with `stamp` (its
    creation date), the same plan always gives the same bytes."""
    sheet = _Sheet(plan)
    if stamp is not None:
        sheet.pdf.set_creation_date(stamp)
    for week in plan.get("weeks", []):
        sheet.week(week)
    return sheet.output()
