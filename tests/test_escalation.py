"""The escalation decision, without Odoo: which level an invoice is due for."""

from datetime import date

import pytest

from account_dunning_fr.lib import escalation
from account_dunning_fr.lib.escalation import PREVENTIVE, LadderError, Step

# The standard French ladder: email the day after, phone a week later,
# letter, registered mise en demeure, litigation.
LADDER = [
    Step("email", 1),
    Step("phone", 8),
    Step("letter", 15),
    Step("notice", 30),
    Step("litigation", 45),
]
DUE = date(2025, 3, 31)


def step_on(day, reached=None, **kwargs):
    result = escalation.due_step(LADDER, DUE, day, reached_delay=reached, **kwargs)
    return result.key if isinstance(result, Step) else result


def test_nothing_on_the_due_date_itself():
    assert step_on(date(2025, 3, 31)) is None


def test_first_level_the_day_after_the_due_date():
    assert step_on(date(2025, 4, 1)) == "email"


def test_stepwise_escalation_when_run_every_day():
    reached = None
    taken = []
    for day in range(1, 61):
        today = date.fromordinal(DUE.toordinal() + day)
        step = escalation.due_step(LADDER, DUE, today, reached_delay=reached)
        if step:
            taken.append((day, step.key))
            reached = step.delay
    assert taken == [
        (1, "email"),
        (8, "phone"),
        (15, "letter"),
        (30, "notice"),
        (45, "litigation"),
    ]


def test_a_level_reached_is_not_taken_again():
    assert step_on(date(2025, 4, 5), reached=1) is None
    assert step_on(date(2025, 4, 8), reached=1) == "phone"


def test_an_invoice_found_late_jumps_to_the_highest_elapsed_level():
    assert step_on(date(2025, 5, 10)) == "notice"


def test_nothing_after_the_last_level():
    assert step_on(date(2026, 1, 1), reached=45) is None


def test_reached_level_of_another_ladder_compares_by_delay():
    # Customer moved from a scenario whose level at 20 days was reached:
    # the next level of the new ladder is the one after 20 days.
    assert step_on(date(2025, 4, 25), reached=20) is None
    assert step_on(date(2025, 4, 30), reached=20) == "notice"


def test_preventive_reminder_in_its_window_only_once():
    assert step_on(date(2025, 3, 20), preventive_days=5) is None
    assert step_on(date(2025, 3, 26), preventive_days=5) == PREVENTIVE
    assert step_on(date(2025, 3, 28), preventive_days=5, preventive_sent=True) is None
    assert step_on(date(2025, 3, 26), preventive_days=0) is None


def test_broken_promise_escalates_at_once_to_the_next_level():
    assert step_on(date(2025, 4, 3), reached=1, escalate_now=True) == "phone"
    # ... but never below what the delays already allow.
    assert step_on(date(2025, 5, 10), reached=1, escalate_now=True) == "notice"


def test_next_date():
    assert escalation.next_date(LADDER, DUE) == date(2025, 4, 1)
    assert escalation.next_date(LADDER, DUE, reached_delay=8) == date(2025, 4, 15)
    assert escalation.next_date(LADDER, DUE, reached_delay=45) is None
    assert escalation.next_date(LADDER, None) is None


def test_days_overdue():
    assert escalation.days_overdue(DUE, date(2025, 4, 10)) == 10
    assert escalation.days_overdue(DUE, date(2025, 3, 1)) == 0


@pytest.mark.parametrize(
    "ladder, word",
    [
        ([Step("a", -2)], "cannot be negative"),
        ([Step("a", 5), Step("b", 5)], "longer delay"),
        ([Step("a", 10), Step("b", 3)], "longer delay"),
    ],
)
def test_bad_ladders_are_refused_with_a_message(ladder, word):
    with pytest.raises(LadderError, match=word):
        escalation.check_ladder(ladder, "Standard")


def test_good_ladder_passes():
    escalation.check_ladder(LADDER, "Standard")


# Progressive ladder (seed 004: "respectez une démarche progressive"): the
# next level comes first, the following ones at the intervals of the ladder
# counted from the sending of the previous one, never before it was sent.


def test_progressive_an_invoice_found_late_gets_the_first_level_first():
    assert step_on(date(2025, 5, 10), progressive=True) == "email"


def test_progressive_next_levels_come_at_the_intervals_of_the_ladder():
    sent = date(2025, 5, 10)  # the email, 40 days after the due date
    kwargs = {"reached": 1, "progressive": True, "last_sent": sent}
    assert step_on(date(2025, 5, 16), **kwargs) is None, "phone is 7 days after"
    assert step_on(date(2025, 5, 17), **kwargs) == "phone"
    assert escalation.next_date(
        LADDER, DUE, 1, progressive=True, last_sent=sent
    ) == date(2025, 5, 17)
    # on time, the intervals and the delays give the same dates
    assert escalation.next_date(
        LADDER, DUE, 1, progressive=True, last_sent=date(2025, 4, 1)
    ) == date(2025, 4, 8)


def test_progressive_waits_until_the_previous_level_was_sent():
    assert (
        step_on(date(2025, 5, 10), reached=1, progressive=True, previous_sent=False)
        is None
    )


def test_progressive_daily_run_gives_every_level_in_turn():
    reached = sent = None
    taken = []
    for day in range(40, 200):
        today = date.fromordinal(DUE.toordinal() + day)
        step = escalation.due_step(
            LADDER, DUE, today, reached, progressive=True, last_sent=sent
        )
        if step:
            taken.append((day, step.key))
            reached, sent = step.delay, today
    assert taken == [
        (40, "email"),
        (47, "phone"),
        (54, "letter"),
        (69, "notice"),
        (84, "litigation"),
    ]


def test_progressive_broken_promise_still_escalates_at_once():
    assert (
        step_on(
            date(2025, 4, 3),
            reached=1,
            escalate_now=True,
            progressive=True,
            last_sent=date(2025, 4, 1),
        )
        == "phone"
    )
