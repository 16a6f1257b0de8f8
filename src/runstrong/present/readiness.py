"""Readiness as shells show it: a check-in, the day's findings and what they changed, in one
wording and one JSON shape for the terminal, the API and (later) the web pages."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from runstrong.core.readiness import ITEMS, RULES, CheckIn
from runstrong.present.logbook import planned_dict, planned_text

if TYPE_CHECKING:  # types only: present depends on no layer below the app at run time
    from runstrong.app.readiness import Readiness, ReadySession
    from runstrong.core.readiness import Change, Finding
    from runstrong.storage.records import ReadinessRecord

SCALES = {key: f"1-10, {meaning}" for key, meaning in ITEMS.items()}
"""What each item's number means, for help texts and form labels."""


def wellness(record: ReadinessRecord) -> float:
    """The four items on one scale, 10 = best (soreness and stress turned round)."""
    items = (record.sleep, record.soreness, record.stress, record.motivation)
    return CheckIn(record.date, *items).wellness()


def checkin_dict(record: ReadinessRecord) -> dict[str, Any]:
    """A stored check-in as JSON."""
    return {
        "date": record.date.isoformat(),
        "sleep": record.sleep,
        "soreness": record.soreness,
        "stress": record.stress,
        "motivation": record.motivation,
        "rhr": record.resting_hr,
        "hrv": record.hrv,
        "wellness": round(wellness(record), 2),
    }


def checkin_text(record: ReadinessRecord) -> str:
    """One line: `2027-01-05  sleep 5  soreness 7  stress 6  motivation 5  (wellness 4.5/10)`."""
    parts = [
        f"{record.date}  sleep {record.sleep:>2}  soreness {record.soreness:>2}  "
        f"stress {record.stress:>2}  motivation {record.motivation:>2}"
    ]
    if record.resting_hr is not None:
        parts.append(f"rhr {record.resting_hr} bpm")
    if record.hrv is not None:
        parts.append(f"hrv {record.hrv:g} ms")
    parts.append(f"(wellness {wellness(record):.1f}/10)")
    return "  ".join(parts)


def finding_text(finding: Finding) -> str:
    """`[readiness-soreness] soreness 7/10 (7+)`."""
    return f"[{finding.rule}] {finding.reason}"


def change_text(change: Change, names: dict[str, str] | None = None) -> str:
    """`[readiness-soreness] Leaping: dropped today`."""
    if change.exercise is None:
        return f"[{change.rule}] {change.what}"
    name = (names or {}).get(change.exercise, change.exercise)
    return f"[{change.rule}] {name}: {change.what}"


def _names(found: ReadySession) -> dict[str, str]:
    return {
        str(e.get("id")): str(e.get("name", e.get("id")))
        for e in found.planned.session.get("exercises", [])
    }


def ready_text(found: Readiness) -> str:
    """The day's sessions as readiness leaves them, each change with its rule and reason."""
    blocks = []
    if found.checkin is not None:
        blocks.append(f"check-in {checkin_text(found.checkin)}")
    for session in found.sessions:
        lines = [planned_text(replace(session.planned, session=session.session))]
        if session.violations:
            lines.append("  kept as planned: the validator found the lightened session heavier:")
            lines += [f"    [{v.rule}] {v.where}: {v.message}" for v in session.violations]
        elif session.changes:
            lines.append("  lightened for readiness:")
            lines += [f"    because {finding_text(f)}" for f in found.verdict.findings]
            lines += [f"    {change_text(c, _names(session))}" for c in session.changes]
        elif found.checkin is not None:
            lines.append("  readiness: as planned (nothing in the check-in asks to lighten it)")
        blocks.append("\n".join(lines))
    if not found.sessions:
        blocks.append(f"{found.day}: rest day (no strength session planned)")
    return "\n\n".join(blocks)


def ready_dict(found: Readiness) -> dict[str, Any]:
    """The day as JSON: its check-in, findings (rule, level, reason, source) and sessions (the
    planned one under `planned`, today's under `session`, and the changes)."""
    return {
        "date": found.day.isoformat(),
        "checkin": None if found.checkin is None else checkin_dict(found.checkin),
        "findings": [
            {
                "rule": f.rule,
                "level": f.level.value,
                "reason": f.reason,
                "source": RULES[f.rule].source,
            }
            for f in found.verdict.findings
        ],
        "sessions": [
            {
                **planned_dict(replace(s.planned, session=s.session)),
                "planned": s.planned.session,
                "changes": [
                    {"rule": c.rule, "exercise": c.exercise, "what": c.what} for c in s.changes
                ],
                "violations": [
                    {"rule": v.rule, "where": v.where, "message": v.message} for v in s.violations
                ],
            }
            for s in found.sessions
        ],
    }


def today_dicts(found: Readiness) -> list[dict[str, Any]]:
    """`today --format json` with a check-in: each session as `planned_dict` shapes it (the
    lightened one under `session`), with the plan's under `planned`, the changes, and the day's
    check-in and findings under `readiness`."""
    data = ready_dict(found)
    day = {"checkin": data["checkin"], "findings": data["findings"]}
    return [{**s, "readiness": day} for s in data["sessions"]]
