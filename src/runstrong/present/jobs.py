"""A background job as JSON and as a line of text (`runstrong jobs`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runstrong.storage.jobs import Job


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def job_json(job: Job) -> dict[str, Any]:
    """One job: what it is, where it stands, its last error and its result."""
    return {
        "id": job.id,
        "kind": job.kind,
        "key": job.key,
        "status": job.status,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "payload": job.payload,
        "created": _iso(job.created),
        "run_after": _iso(job.run_after),
        "started": _iso(job.started),
        "finished": _iso(job.finished),
        "locked_by": job.locked_by,
        "locked_until": _iso(job.locked_until),
        "error": job.error,
        "result": job.result,
    }


def job_line(job: Job) -> str:
    """One job on one line: id, kind, status, attempts, and the error of a failed one."""
    line = f"{job.id}  {job.kind}  {job.status}  attempt {job.attempts}/{job.max_attempts}"
    when = job.finished or job.started or job.created
    line += f"  {when:%Y-%m-%d %H:%M} UTC"
    if job.error and job.status != "done":
        line += f"  {job.error}"
    return line
