"""When notify's scheduler asks the database: only when a send it knows of is due, or a look-over
is; a send scheduled while a look-up runs is never hidden by the look-up's answer."""

import pytest

from services.notify.domain.next_due import NextDue

pytestmark = pytest.mark.unit
RESCAN = 30.0


def after_full_round(earliest_ms: int | None, at: float = 100.0) -> NextDue:
    hint = NextDue(RESCAN)
    hint.begin_lookup()
    hint.looked_up(earliest_ms, at)
    return hint


def test_the_first_round_always_asks():
    assert NextDue(RESCAN).wanted(now_ms=0, monotonic_s=0.0)


def test_nothing_scheduled_means_no_question_until_the_look_over():
    hint = after_full_round(None, at=100.0)
    assert not hint.wanted(now_ms=10**13, monotonic_s=100.0 + RESCAN - 0.1)
    assert hint.wanted(now_ms=10**13, monotonic_s=100.0 + RESCAN)


def test_a_known_due_time_is_asked_for_once_it_has_come():
    hint = after_full_round(5_000)
    assert not hint.wanted(now_ms=4_999, monotonic_s=101.0)
    assert hint.wanted(now_ms=5_000, monotonic_s=101.0)


def test_a_send_this_process_schedules_moves_the_next_question_earlier_never_later():
    hint = after_full_round(5_000)
    hint.note(3_000)
    assert hint.wanted(now_ms=3_000, monotonic_s=101.0)
    hint.note(9_000)
    assert hint.earliest_ms == 3_000


def test_a_send_noted_while_the_look_up_runs_survives_its_answer():
    hint = after_full_round(None)
    hint.begin_lookup()
    hint.note(2_000)  # landed after the look-up read the database
    hint.looked_up(None, 110.0)
    assert hint.earliest_ms == 2_000
    hint.begin_lookup()
    hint.note(7_000)
    hint.looked_up(4_000, 120.0)
    assert hint.earliest_ms == 4_000


def test_a_note_made_outside_a_look_up_does_not_outlive_the_next_look_up():
    # It was in the database before the look-up read it: the look-up's answer is the truth (the
    # send may have been made and finished meanwhile).
    hint = after_full_round(None)
    hint.note(2_000)
    hint.begin_lookup()
    hint.looked_up(None, 110.0)
    assert hint.earliest_ms is None
