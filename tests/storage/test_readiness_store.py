"""Check-ins on SQLite and PostgreSQL: one row a day (a second check-in replaces the first),
read back by date range, refused off their scales, gone with their athlete."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.errors import InputError
from runstrong.storage import db as storage_db
from runstrong.storage import repository as repo

DAY = dt.date(2027, 1, 12)


def test_one_check_in_a_day_the_latest_kept(database_url: str) -> None:
    database = storage_db.connect(database_url)
    with database.write() as s:
        ana = repo.create_athlete(s, name="Ana", units="kg", setup=None)
        bo = repo.create_athlete(s, name="Bo", units="kg", setup=None)
        first = repo.save_checkin(s, ana.id, date=DAY, sleep=5, soreness=7, stress=6, motivation=5)
        again = repo.save_checkin(
            s, ana.id, date=DAY, sleep=8, soreness=2, stress=3, motivation=9, resting_hr=48,
            hrv=72.5,
        )  # fmt: skip
        repo.save_checkin(
            s, ana.id, date=DAY - dt.timedelta(days=3), sleep=6, soreness=4, stress=4, motivation=6
        )
        repo.save_checkin(s, bo.id, date=DAY, sleep=1, soreness=1, stress=1, motivation=1)
    assert again == first
    with database.read() as r:
        found = repo.checkins(r, ana.id)
        assert [c.date for c in found] == [DAY - dt.timedelta(days=3), DAY]
        today = found[-1]
        assert (today.sleep, today.soreness, today.stress, today.motivation) == (8, 2, 3, 9)
        assert (today.resting_hr, today.hrv) == (48, 72.5)
        assert repo.checkins(r, ana.id, DAY, DAY) == [today]
        assert repo.checkins(r, ana.id, None, DAY - dt.timedelta(days=1)) == found[:1]
        assert len(repo.checkins(r, bo.id)) == 1
    with database.write() as s:
        repo.delete_athlete(s, "Ana")
    with database.read() as r:
        assert repo.checkins(r, ana.id) == []
    database.close()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sleep": 0}, "sleep"),
        ({"stress": 11}, "stress"),
        ({"resting_hr": 0}, "rhr"),
        ({"hrv": float("nan")}, "hrv"),
    ],
)
def test_values_off_the_scales_are_refused_and_nothing_is_stored(
    sqlite_url: str, values: dict[str, float], field: str
) -> None:
    database = storage_db.connect(sqlite_url)
    with database.write() as s:
        ana = repo.create_athlete(s, name="Ana", units="kg", setup=None)
    given: dict[str, float] = {"sleep": 5, "soreness": 5, "stress": 5, "motivation": 5}
    given.update(values)
    with pytest.raises(InputError) as caught, database.write() as s:
        repo.save_checkin(s, ana.id, date=DAY, **given)  # type: ignore[arg-type]
    assert caught.value.field == field
    with database.read() as r:
        assert repo.checkins(r, ana.id) == []
    database.close()


def test_a_check_in_raises_the_athletes_revision_once(database_url: str) -> None:
    """Today's session shows the check-in: the web app's page cache must not serve the old one."""
    database = storage_db.connect(database_url)
    with database.write() as s:
        ana = repo.create_athlete(s, name="Ana", units="kg", setup=None)

    def revision() -> int:
        with database.read() as r:
            return int(r.rows("SELECT revision FROM athletes WHERE id = :id", {"id": ana.id})[0][0])

    before = revision()
    with database.write() as s:
        repo.save_checkin(s, ana.id, date=DAY, sleep=5, soreness=7, stress=6, motivation=5)
        repo.save_checkin(s, ana.id, date=DAY, sleep=6, soreness=7, stress=6, motivation=5)
    assert revision() == before + 1
    database.close()
