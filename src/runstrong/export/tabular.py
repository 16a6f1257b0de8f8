"""The plan as CSV (one row per exercise per session) and as Markdown (to paste anywhere)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from runstrong.present import prescription as rx
from runstrong.present.prescription import Json

# Documented in docs/exports.md; more columns may be added at the end, none renamed.
COLUMNS = (
    "week",
    "week_start",
    "phase",
    "block",
    "label",
    "date",
    "day",
    "kind",
    "focus",
    "order",
    "exercise_id",
    "exercise",
    "sets",
    "reps",
    "reps_max",
    "seconds",
    "per_side",
    "load",
    "units",
    "percent_1rm",
    "rir",
    "rest_seconds",
    "contacts",
    "warmup",
    "prescription",
    "cues",
)


BOM = "\ufeff"
"""Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text a spreadsheet would run as a formula (OWASP, "CSV Injection")."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return rx.number(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """Text cells that start like a formula get a leading apostrophe, so a spreadsheet shows
    them instead of running them; numbers are written as numbers and never touched."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def table_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Any table as CSV: one header row, then the rows (RFC 4180: CRLF lines), text cells
    neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def csv_text(plan: Json) -> str:
    """One row per exercise per session, with the COLUMNS header (RFC 4180: CRLF lines)."""
    units = str(plan.get("units", "kg"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for slot in rx.slots(plan):
        week, session = slot.week, slot.session
        for order, ex in enumerate(rx.exercises(session), start=1):
            row = {
                "week": week.get("index"),
                "week_start": week.get("start"),
                "phase": week.get("phase"),
                "block": week.get("block"),
                "label": week.get("label"),
                "date": session.get("date"),
                "day": session.get("day"),
                "kind": rx.kind(session),
                "focus": session.get("focus"),
                "order": order,
                "exercise_id": ex.get("id"),
                "exercise": ex.get("name"),
                "sets": ex.get("sets"),
                "reps": ex.get("reps"),
                "reps_max": ex.get("reps_max"),
                "seconds": ex.get("seconds"),
                "per_side": bool(ex.get("per_side")),
                "load": ex.get("load"),
                "units": units if ex.get("load") is not None else None,
                "percent_1rm": ex.get("percent_1rm"),
                "rir": ex.get("rir"),
                "rest_seconds": ex.get("rest_seconds"),
                "contacts": ex.get("contacts"),
                "warmup": rx.warmup_text(ex, units),
                "prescription": rx.line(ex, units),
                "cues": "; ".join(rx.cues(ex)),
            }
            writer.writerow([_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def _md(text: object) -> str:
    """A table cell: no pipes or newlines to break the row."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _header(plan: Json) -> list[str]:
    title = f"# Strength plan: {plan.get('goal', '')}, {plan.get('phase', '')}".rstrip(", ")
    facts = [f"units {plan.get('units', 'kg')}"]
    if plan.get("race"):
        distance = f" ({plan['race_distance']})" if plan.get("race_distance") else ""
        facts.append(f"race {plan['race']}{distance}")
    one_rms = plan.get("one_rms") or {}
    if one_rms:
        units = plan.get("units", "kg")
        lifts = ", ".join(f"{k} {rx.number(v)} {units}" for k, v in one_rms.items())
        facts.append(f"1RMs: {lifts}")
    if plan.get("generator"):
        facts.append(f"made with {plan['generator']}")
    return [title, "", " · ".join(facts)]


def markdown_text(plan: Json) -> str:
    """Headings per week and session, a table of exercises, then the cues."""
    units = str(plan.get("units", "kg"))
    lines = _header(plan)
    for week in plan.get("weeks", []):
        lines += ["", f"## {rx.week_heading(week)}"]
        sessions = week.get("sessions", [])
        if not sessions:
            lines += ["", "No strength sessions this week."]
        for session in sessions:
            lines += ["", f"### {rx.session_heading(session)}"]
            if session.get("placement"):
                lines += ["", f"*{session['placement']}*"]
            lines += [
                "",
                "| # | Exercise | Sets × reps | Load | Rest | Notes |",
                "|---|---|---|---|---|---|",
            ]
            cue_lines = []
            for order, ex in enumerate(rx.exercises(session), start=1):
                notes = [rx.effort(ex), rx.plates(ex)]
                if ex.get("contacts"):
                    notes.append(f"{ex['contacts']} contacts")
                if rx.warmup(ex):
                    notes.append(f"warm-up {rx.warmup_text(ex, units)}")
                notes += [str(n) for n in ex.get("notes") or []]
                cells = [
                    str(order),
                    str(ex.get("name", ex.get("id", ""))),
                    rx.dose(ex),
                    rx.load(ex, units),
                    rx.rest(ex.get("rest_seconds")),
                    "; ".join(n for n in notes if n),
                ]
                lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
                cues = rx.cues(ex)
                if cues:
                    cue_lines.append(f"- **{ex.get('name', ex.get('id'))}**: " + "; ".join(cues))
            if cue_lines:
                lines += ["", "Cues:", *cue_lines]
    lines += [line for note in rx.one_rm_notes(plan) for line in ("", note)]
    return "\n".join(lines) + "\n"
