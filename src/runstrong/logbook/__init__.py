"""The logbook's use-cases, between the shells (CLI, web) and storage.

Athletes and their profile, 1RM history, saved plans, logged sessions and what the logs teach
about each exercise's 1RM. Every function that writes does it in one transaction. This package
imports SQLAlchemy through storage, so the CLI imports it inside its commands, never at start-up.

One module per concept; this file only gathers their public names, so `logbook.X` keeps working.
"""

from __future__ import annotations

from runstrong.logbook.backups import BACKUP_SCHEMA, backup, restore
from runstrong.logbook.backups import read_backup as read_backup
from runstrong.logbook.database import open_database
from runstrong.logbook.entries import entries_from as entries_from
from runstrong.logbook.entries import logged_sets as logged_sets
from runstrong.logbook.entries import parse_entries as parse_entries
from runstrong.logbook.holds import current_holds as current_holds
from runstrong.logbook.holds import hold_history, hold_times
from runstrong.logbook.holds import hold_result as hold_result
from runstrong.logbook.holds import is_hold_test as is_hold_test
from runstrong.logbook.holds import learn_holds as learn_holds
from runstrong.logbook.imports import ImportSummary as ImportSummary
from runstrong.logbook.imports import import_export as import_export
from runstrong.logbook.learning import decide as decide
from runstrong.logbook.learning import learn as learn
from runstrong.logbook.lifts import current_lifts as current_lifts
from runstrong.logbook.lifts import lift_history as lift_history
from runstrong.logbook.lifts import one_rms as one_rms
from runstrong.logbook.lifts import record_lifts
from runstrong.logbook.profiles import MAX_NAME as MAX_NAME
from runstrong.logbook.profiles import (
    athlete,
    athletes,
    create_athlete,
    delete_athlete,
    edit_athlete,
)
from runstrong.logbook.schedule import (
    PlannedSession,
    athlete_plan_inputs,
    planned_sessions,
    plans,
    save_plan,
)
from runstrong.logbook.schedule import refresh_loads as refresh_loads
from runstrong.logbook.sessions import LogResult, delete_logged, log_session
from runstrong.logbook.sessions import logged_session as logged_session
from runstrong.logbook.trends import Progress, history, progress
from runstrong.logbook.trends import monday as monday
from runstrong.logbook.trends import volume as volume
from runstrong.storage.db import Database as Database

__all__ = [
    "BACKUP_SCHEMA",
    "LogResult",
    "PlannedSession",
    "Progress",
    "athlete",
    "athlete_plan_inputs",
    "athletes",
    "backup",
    "create_athlete",
    "delete_athlete",
    "delete_logged",
    "edit_athlete",
    "history",
    "hold_history",
    "hold_times",
    "log_session",
    "open_database",
    "planned_sessions",
    "plans",
    "progress",
    "record_lifts",
    "restore",
    "save_plan",
]
