"""Progress.done_of_due: weeks still to come are not behind."""

from __future__ import annotations

import datetime as dt

from runstrong.app.trends import Progress

W1, W2, W3 = dt.date(2027, 1, 4), dt.date(2027, 1, 11), dt.date(2027, 1, 18)


def test_sessions_are_due_up_to_this_week_or_the_last_one_logged() -> None:
    found = Progress(None, "kg", (), (), ((W1, 2, 3), (W2, 0, 3), (W3, 0, 3)))
    assert found.done_of_due(dt.date(2027, 1, 13)) == (2, 6, W2, 9)  # a Wednesday of week 2
    assert found.done_of_due(dt.date(2027, 1, 5)) == (2, 3, W1, 9)
    ahead = Progress(None, "kg", (), (), ((W1, 2, 3), (W2, 0, 3), (W3, 1, 3)))
    assert ahead.done_of_due(dt.date(2027, 1, 5)) == (3, 9, W3, 9)  # logged ahead: due to it
