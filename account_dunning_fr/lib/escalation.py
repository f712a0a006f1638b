"""Which dunning step an invoice is due for: the escalation decision.

The ladder is a list of :class:`Step` (one per level of a scenario), in the
order of the scenario, each with its delay in days after the due date. Delays
must be non-negative and strictly increasing along the ladder
(:func:`check_ladder`). An invoice remembers the delay of the last level it
reached; comparing delays (not level ids) keeps the decision right when a
customer moves to another scenario.
"""

from collections import namedtuple
from datetime import timedelta

from .messages import RuleError

Step = namedtuple("Step", "key delay")
"""One level of a ladder: ``key`` identifies it for the caller (a level id)."""

PREVENTIVE = "preventive"

NEGATIVE_DELAY = (
    'Scenario "%(scenario)s": the delay of a level cannot be negative (%(delay)s '
    "days). Use the scenario's pre-due-date reminder to chase before the due date."
)
DELAY_NOT_INCREASING = (
    'Scenario "%(scenario)s": each level must have a longer delay than the '
    "previous one (%(delay)s days after %(previous)s days). Fix the delay or the "
    "order of the levels."
)


class LadderError(RuleError):
    """The ladder cannot be used as it is; the message says what to fix."""


def check_ladder(steps, scenario_name=""):
    """Raise :class:`LadderError` unless delays are >= 0 and strictly increase."""
    previous = None
    for step in steps:
        if step.delay < 0:
            raise LadderError(NEGATIVE_DELAY, scenario=scenario_name, delay=step.delay)
        if previous is not None and step.delay <= previous.delay:
            raise LadderError(
                DELAY_NOT_INCREASING,
                scenario=scenario_name,
                delay=step.delay,
                previous=previous.delay,
            )
        previous = step


def days_overdue(due_date, today):
    """Calendar days between the due date and ``today`` (0 when not yet due)."""
    if not due_date:
        return 0
    return max((today - due_date).days, 0)


def _remaining(steps, reached_delay):
    if reached_delay is None:
        return list(steps)
    return [step for step in steps if step.delay > reached_delay]


def due_step(
    steps,
    due_date,
    today,
    reached_delay=None,
    preventive_days=0,
    preventive_sent=False,
    escalate_now=False,
    progressive=False,
    last_sent=None,
    previous_sent=True,
):
    """Return the step to take today for one invoice, or ``None``.

    - Before the due date: :data:`PREVENTIVE` when the scenario asks for a
      courtesy reminder ``preventive_days`` ahead and none was sent yet.
    - From the due date: the highest step whose delay has elapsed and that
      was not reached yet (an invoice found late jumps straight to it); on a
      ``progressive`` ladder, the next step only, once the one reached was
      sent (``previous_sent``) and on :func:`next_date`.
    - ``escalate_now`` (a broken promise): at least the next step after the
      one reached, whatever its delay.
    """
    if not due_date:
        return None
    late = (today - due_date).days
    remaining = _remaining(steps, reached_delay)
    if late < 0:
        if escalate_now and remaining:
            return remaining[0]
        in_window = preventive_days > 0 and -late <= preventive_days
        if in_window and not preventive_sent and reached_delay is None:
            return PREVENTIVE
        return None
    if progressive:
        if not remaining or not previous_sent:
            return None
        on = next_date(steps, due_date, reached_delay, progressive, last_sent)
        return remaining[0] if escalate_now or on <= today else None
    elapsed = [step for step in remaining if step.delay <= late]
    if elapsed:
        return elapsed[-1]
    if escalate_now and remaining:
        return remaining[0]
    return None


def next_date(steps, due_date, reached_delay=None, progressive=False, last_sent=None):
    """Date on which the next step not reached yet becomes due, or ``None``:
    its delay after the due date; on a ``progressive`` ladder, not before the
    interval between the two steps has passed since the last one was sent
    (``last_sent``)."""
    if not due_date:
        return None
    remaining = _remaining(steps, reached_delay)
    if not remaining:
        return None
    on = due_date + timedelta(days=remaining[0].delay)
    if progressive and reached_delay is not None and last_sent:
        on = max(on, last_sent + timedelta(days=remaining[0].delay - reached_delay))
    return on
