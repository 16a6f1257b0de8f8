"""The schema as SQLAlchemy 2 typed models; migrations/ builds the same tables step by step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Metadata shared by every table."""


class AthleteRow(Base):
    """A runner: the profile `plan --athlete` builds from."""

    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # the name, case-folded
    name: Mapped[str] = mapped_column(String(80))
    units: Mapped[str] = mapped_column(String(2))
    setup: Mapped[str | None] = mapped_column(String(40))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    # Revision 0004: strength-training age (novice, intermediate, advanced).
    experience: Mapped[str] = mapped_column(
        String(20), default="intermediate", server_default="intermediate"
    )
    # Revision 0009: counts changes to what the athlete's pages show (writes.changed).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    equipment: Mapped[list[EquipmentRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="EquipmentRow.equipment"
    )
    limitations: Mapped[list[LimitationRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LimitationRow.limitation"
    )
    runs: Mapped[list[RunDayRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RunDayRow.weekday"
    )


class EquipmentRow(Base):
    """One piece of equipment an athlete has (used when no named setup is set)."""

    __tablename__ = "athlete_equipment"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    equipment: Mapped[str] = mapped_column(String(40), primary_key=True)


class LimitationRow(Base):
    """A body area the planner must protect for this athlete."""

    __tablename__ = "athlete_limitations"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    limitation: Mapped[str] = mapped_column(String(40), primary_key=True)


class RunDayRow(Base):
    """One day of the running week (0 = Monday); days not stored are rest days."""

    __tablename__ = "athlete_runs"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_type: Mapped[str] = mapped_column(String(20))


class LiftRow(Base):
    """One entry of an exercise's 1RM history: the latest per exercise is the current 1RM."""

    __tablename__ = "lifts"
    __table_args__ = (Index("ix_lifts_athlete_exercise", "athlete_id", "exercise_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(80))
    one_rm: Mapped[float] = mapped_column(Float)
    weight: Mapped[float | None] = mapped_column(Float)
    reps: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    formula: Mapped[str | None] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    # Set for estimates learnt from a logged session: editing or deleting the session redoes them.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("logged_sessions.id", ondelete="CASCADE")
    )


class HoldRow(Base):
    """One entry of an exercise's hold-test history (revision 0003): the seconds a timed hold
    lasted when done as long as possible; the latest per exercise is the current one."""

    __tablename__ = "holds"
    __table_args__ = (Index("ix_holds_athlete_exercise", "athlete_id", "exercise_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(80))
    seconds: Mapped[int] = mapped_column(Integer)
    per_side: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    # The logged re-test it came from: editing or deleting the session redoes or removes it.
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("logged_sessions.id", ondelete="CASCADE")
    )


class PlanRow(Base):
    """A saved plan: the runstrong.plan/1 JSON and the inputs it was built from."""

    __tablename__ = "plans"
    __table_args__ = (Index("ix_plans_athlete_start", "athlete_id", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    goal: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(20))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)


class SessionRow(Base):
    """A logged session: planned (plan_id set) or not."""

    __tablename__ = "logged_sessions"
    __table_args__ = (
        Index("ix_logged_sessions_athlete_date", "athlete_id", "date"),
        # Revision 0005: one session per client-made id, so a retried log never doubles.
        Index("ux_logged_sessions_client", "athlete_id", "client_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    rpe: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    # Revision 0002: where the session came from (`log` or `import`).
    source: Mapped[str] = mapped_column(String(10), default="log", server_default="log")
    # Revision 0005: the id a client (the web app's offline queue) made for this log.
    client_id: Mapped[str | None] = mapped_column(String(64))

    sets: Mapped[list[SetRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SetRow.position"
    )


class SetRow(Base):
    """One logged exercise of a session: sets x reps (or seconds) at a load."""

    __tablename__ = "logged_sets"
    __table_args__ = (Index("ix_logged_sets_session", "session_id", "exercise_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("logged_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(80))
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    seconds: Mapped[int | None] = mapped_column(Integer)
    load: Mapped[float | None] = mapped_column(Float)
    units: Mapped[str] = mapped_column(String(2))
    rpe: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")


# --- accounts (revision 0005) ---------------------------------------------------------------------


class UserRow(Base):
    """A login: an email, an argon2id hash, and the athlete it is (none for a coach)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="SET NULL"), unique=True
    )
    role: Mapped[str] = mapped_column(String(10))  # owner, runner or coach
    created: Mapped[dt.datetime] = mapped_column(DateTime)


class WebSessionRow(Base):
    """A signed-in browser: the sha256 of its cookie's random value, never the value."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_user", "user_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime)
    expires: Mapped[dt.datetime] = mapped_column(DateTime)


class TokenRow(Base):
    """An API bearer token: its sha256, its scopes ("read,write") and when it was last used."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(40))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    last_used: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked: Mapped[dt.datetime | None] = mapped_column(DateTime)


class LoginFailureRow(Base):
    """A failed sign-in, under "account:EMAIL" and "address:IP", for the rate limit."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class ResetLinkRow(Base):
    """A one-time password-reset link: the sha256 of its token, its expiry, when it was used."""

    __tablename__ = "reset_links"
    __table_args__ = (Index("ix_reset_links_user", "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    expires: Mapped[dt.datetime] = mapped_column(DateTime)
    used: Mapped[dt.datetime | None] = mapped_column(DateTime)


class CalendarFeedRow(Base):
    """A secret calendar URL of one athlete's plan: the sha256 of its token; revocable."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (Index("ix_calendar_feeds_athlete", "athlete_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- a runner's own exercises (revision 0006) -----------------------------------------------------


class OwnExerciseRow(Base):
    """A runner's own exercise: the catalogue entry's fields as JSON, keyed by athlete and id
    (an id is unique per athlete; the application keeps it clear of the catalogue's)."""

    __tablename__ = "own_exercises"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    updated: Mapped[dt.datetime] = mapped_column(DateTime)


# --- activities from watch files and exports (revision 0007) --------------------------------------


class ActivityRow(Base):
    """A run or other activity read from a watch file or a Strava export; one per fingerprint
    (sport and UTC start) per athlete, so a re-import adds nothing."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ux_activities_athlete_fingerprint", "athlete_id", "fingerprint", unique=True),
        Index("ix_activities_athlete_date", "athlete_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(String(32))
    sport: Mapped[str] = mapped_column(String(20))
    start: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    local_start: Mapped[dt.datetime | None] = mapped_column(DateTime)
    date: Mapped[dt.date] = mapped_column(Date)  # local when known, else UTC
    duration_s: Mapped[float] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    avg_hr: Mapped[int | None] = mapped_column(Integer)
    max_hr: Mapped[int | None] = mapped_column(Integer)
    rpe: Mapped[float | None] = mapped_column(Float)
    name: Mapped[str] = mapped_column(String(200), default="")
    workout_type: Mapped[str] = mapped_column(String(10), default="")
    source: Mapped[str] = mapped_column(String(300))
    laps: Mapped[list[Any] | None] = mapped_column(JSON)  # [[seconds, metres, avg hr], ...]
    created: Mapped[dt.datetime] = mapped_column(DateTime)


# --- readiness check-ins (revision 0008) ----------------------------------------------------------


class ReadinessRow(Base):
    """A morning check-in (1-10: sleep and motivation 10 = best, soreness and stress 10 = worst),
    with the resting heart rate and HRV (rMSSD, ms) when typed; one a day, the latest kept."""

    __tablename__ = "readiness"
    __table_args__ = (Index("ux_readiness_athlete_date", "athlete_id", "date", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    sleep: Mapped[int] = mapped_column(Integer)
    soreness: Mapped[int] = mapped_column(Integer)
    stress: Mapped[int] = mapped_column(Integer)
    motivation: Mapped[int] = mapped_column(Integer)
    resting_hr: Mapped[int | None] = mapped_column(Integer)
    hrv: Mapped[float | None] = mapped_column(Float)
    created: Mapped[dt.datetime] = mapped_column(DateTime)


# --- background jobs (revision 0011) --------------------------------------------------------------


class JobRow(Base):
    """One piece of background work (storage/jobs.py): a kind, its JSON payload and where it
    stands. A worker claims it with a lease; its effect and its `done` commit together."""

    __tablename__ = "jobs"
    __table_args__ = (
        # Enqueueing a kind with a key it already has adds nothing (NULL keys never clash).
        Index("ux_jobs_kind_key", "kind", "key", unique=True),
        Index("ix_jobs_status_run_after", "status", "run_after"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(80))
    key: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))  # queued, running, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    max_attempts: Mapped[int] = mapped_column(Integer)
    run_after: Mapped[dt.datetime] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)  # the lease
    locked_by: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)  # the last failure's one line
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    started: Mapped[dt.datetime | None] = mapped_column(DateTime)  # the last claim
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime)


# --- coaching (revision 0010) ---------------------------------------------------------------------


class CoachRow(Base):
    """A user who turned coaching on in their settings (a `coach` account coaches anyway)."""

    __tablename__ = "coaches"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    since: Mapped[dt.datetime] = mapped_column(DateTime)


class CoachLinkRow(Base):
    """A coach's access to an athlete: accepted by the runner, or a managed athlete (no login)
    the coach made; it lasts while `ended` is NULL."""

    __tablename__ = "coach_links"
    __table_args__ = (
        Index("ix_coach_links_coach", "coach_id", "athlete_id"),
        Index("ix_coach_links_athlete", "athlete_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    managed: Mapped[bool] = mapped_column(Boolean)
    since: Mapped[dt.datetime] = mapped_column(DateTime)
    ended: Mapped[dt.datetime | None] = mapped_column(DateTime)


class InvitationRow(Base):
    """A coach's invitation: the sha256 of its link's token and of its short code, for anyone
    signed in (or one email), or handing a managed athlete to a login; used once, expiring."""

    __tablename__ = "coach_invitations"
    __table_args__ = (Index("ix_coach_invitations_coach", "coach_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    expires: Mapped[dt.datetime] = mapped_column(DateTime)
    used: Mapped[dt.datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(10))  # accepted, declined or revoked


class SquadRow(Base):
    """A coach's group of athletes; archived ones are kept, out of the way."""

    __tablename__ = "squads"
    __table_args__ = (Index("ix_squads_coach", "coach_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SquadMemberRow(Base):
    """An athlete in a squad (an athlete may be in several)."""

    __tablename__ = "squad_members"
    __table_args__ = (Index("ix_squad_members_athlete", "athlete_id"),)

    squad_id: Mapped[int] = mapped_column(
        ForeignKey("squads.id", ondelete="CASCADE"), primary_key=True
    )
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    added: Mapped[dt.datetime] = mapped_column(DateTime)


# --- comments, share links and the plan's change log (revision 0012) ------------------------------


class CommentRow(Base):
    """A comment on one planned session (a plan and a day), by the runner or their coach; the
    author's name is kept as written, so it survives the author's account."""

    __tablename__ = "session_comments"
    __table_args__ = (Index("ix_session_comments_athlete_day", "athlete_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(10))  # runner or coach
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[dt.datetime] = mapped_column(DateTime)


class ShareLinkRow(Base):
    """A read-only link to one saved plan: the sha256 of its token; revocable, maybe expiring."""

    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_athlete", "athlete_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime)
    expires: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked: Mapped[dt.datetime | None] = mapped_column(DateTime)


class PlanChangeRow(Base):
    """One entry of an athlete's change log: who changed what in which plan, when, and why
    (the reason given to override a rule); `who` is kept as written, like a comment's author."""

    __tablename__ = "plan_changes"
    __table_args__ = (Index("ix_plan_changes_athlete_at", "athlete_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    who: Mapped[str] = mapped_column(String(254))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(
        Text, default="[]", server_default="[]"
    )  # a JSON list of lines
    reason: Mapped[str | None] = mapped_column(Text)
