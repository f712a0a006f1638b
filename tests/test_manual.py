"""The level a reminder written by hand proposes, without Odoo."""

from account_dunning_fr.lib.manual import next_step

LADDER = ["email", "phone", "letter", "notice"]


def test_no_level_reached_proposes_the_first():
    assert next_step(LADDER, []) == "email"


def test_the_level_after_the_highest_reached():
    assert next_step(LADDER, ["phone", "email"]) == "letter"


def test_levels_of_another_scenario_are_ignored():
    assert next_step(LADDER, ["other"]) == "email"


def test_the_last_level_stays_once_the_ladder_is_done():
    assert next_step(LADDER, ["notice"]) == "notice"


def test_no_ladder_no_level():
    assert next_step([], ["email"]) is None
