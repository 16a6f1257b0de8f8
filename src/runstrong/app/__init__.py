"""The application layer: every use-case the shells (CLI, web, API) call, one module per concept.

Planning needs no database; the logbook's modules reach SQLAlchemy through storage. The names
below load lazily (PEP 562), so `from runstrong.app import planning` pulls in no database code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_NAMES = {
    "BACKUP_SCHEMA": "backups",
    "backup": "backups",
    "restore": "backups",
    "read_backup": "backups",
    "entries_from": "entries",
    "logged_sets": "entries",
    "parse_entries": "entries",
    "current_holds": "holds",
    "hold_history": "holds",
    "hold_times": "holds",
    "hold_result": "holds",
    "learn_holds": "holds",
    "ImportSummary": "imports",
    "import_export": "imports",
    "decide": "learning",
    "current_lifts": "lifts",
    "lift_history": "lifts",
    "one_rms": "lifts",
    "record_lifts": "lifts",
    "MAX_NAME": "athletes",
    "athlete": "athletes",
    "list_athletes": "athletes",
    "create_athlete": "athletes",
    "delete_athlete": "athletes",
    "edit_athlete": "athletes",
    "PlannedSession": "schedule",
    "athlete_plan_inputs": "schedule",
    "planned_sessions": "schedule",
    "plans": "schedule",
    "save_plan": "schedule",
    "refresh_loads": "schedule",
    "LogResult": "sessions",
    "delete_logged": "sessions",
    "log_session": "sessions",
    "logged_session": "sessions",
    "Progress": "trends",
    "history": "trends",
    "progress": "trends",
    "monday": "trends",
    "volume": "trends",
}

if TYPE_CHECKING:
    from runstrong.app.athletes import (
        MAX_NAME,
        athlete,
        create_athlete,
        delete_athlete,
        edit_athlete,
        list_athletes,
    )
    from runstrong.app.backups import BACKUP_SCHEMA, backup, read_backup, restore
    from runstrong.app.entries import entries_from, logged_sets, parse_entries
    from runstrong.app.holds import (
        current_holds,
        hold_history,
        hold_result,
        hold_times,
        learn_holds,
    )
    from runstrong.app.imports import ImportSummary, import_export
    from runstrong.app.learning import decide
    from runstrong.app.lifts import current_lifts, lift_history, one_rms, record_lifts
    from runstrong.app.schedule import (
        PlannedSession,
        athlete_plan_inputs,
        planned_sessions,
        plans,
        refresh_loads,
        save_plan,
    )
    from runstrong.app.sessions import LogResult, delete_logged, log_session, logged_session
    from runstrong.app.trends import Progress, history, monday, progress, volume


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'runstrong.app' has no attribute '{name}'")
    return getattr(importlib.import_module(f"runstrong.app.{module}"), name)


__all__ = [
    "BACKUP_SCHEMA",
    "MAX_NAME",
    "ImportSummary",
    "LogResult",
    "PlannedSession",
    "Progress",
    "athlete",
    "athlete_plan_inputs",
    "backup",
    "create_athlete",
    "current_holds",
    "current_lifts",
    "decide",
    "delete_athlete",
    "delete_logged",
    "edit_athlete",
    "entries_from",
    "history",
    "hold_history",
    "hold_result",
    "hold_times",
    "import_export",
    "learn_holds",
    "lift_history",
    "list_athletes",
    "log_session",
    "logged_session",
    "logged_sets",
    "monday",
    "one_rms",
    "parse_entries",
    "planned_sessions",
    "plans",
    "progress",
    "read_backup",
    "record_lifts",
    "refresh_loads",
    "restore",
    "save_plan",
    "volume",
]
