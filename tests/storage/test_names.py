"""Look-alike athlete names are one athlete: case, spaces, Unicode forms, invisible characters."""

from __future__ import annotations

import pytest

from runstrong import app as logbook
from runstrong.app.requests import AthleteRequest
from runstrong.errors import InputError
from runstrong.settings import Context


@pytest.mark.parametrize(
    "other", ["ANA", " ana ", "A\u200bna", "Ana\ufeff", "Ａna", "A\u00adna", "An\u200da"]
)
def test_a_look_alike_finds_the_athlete_and_cannot_be_created(
    database_url: str, other: str
) -> None:
    database = Context.from_environment(database_url)
    logbook.create_athlete(database, AthleteRequest(name="Ana"))
    assert logbook.athlete(database, other).name == "Ana"
    with pytest.raises(InputError, match=r"^name: an athlete named .* exists"):
        logbook.create_athlete(database, AthleteRequest(name=other))
    assert [a.name for a in logbook.list_athletes(database)] == ["Ana"]
    database.close()


def test_names_are_stored_tidy_and_distinct_names_stay_distinct(database_url: str) -> None:
    database = Context.from_environment(database_url)
    decomposed = "Jose\u0301"  # NFD: e + combining acute
    stored = logbook.create_athlete(database, AthleteRequest(name=f"  {decomposed}\u200b  Luis "))
    assert stored.name == "José Luis"  # NFC, no zero-width space, single spaces
    assert logbook.athlete(database, "JOSÉ LUIS").id == stored.id
    logbook.create_athlete(database, AthleteRequest(name="Jose Luis"))  # no accent: another person
    assert len(logbook.list_athletes(database)) == 2
    with pytest.raises(InputError, match=r"^name: must not be empty"):
        logbook.create_athlete(database, AthleteRequest(name="\u200b\u2060"))
    with pytest.raises(InputError, match="once normalised"):
        logbook.create_athlete(
            database, AthleteRequest(name="\ufdfa" * 10)
        )  # each expands to 18 letters
    database.close()
