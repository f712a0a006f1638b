"""The plain-Python parts of the benchmarks (benchmarks/benchlib.py)."""

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name):
    spec = importlib.util.spec_from_file_location(
        f"dunning_benchmarks_{name}", BENCHMARKS / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


benchlib = _load("benchlib")
clone = _load("clone")

RUN = date(2025, 6, 30)


@pytest.fixture(scope="module")
def plan():
    return benchlib.make_plan(10_000, RUN, seed=11)


def test_five_invoices_per_customer_by_default_and_each_has_one(plan):
    assert plan.customers == 2_000
    assert len(plan.invoices) == 10_000
    assert {spec.customer for spec in plan.invoices} == set(range(2_000))


def test_invoices_are_due_0_to_90_days_before_the_run(plan):
    lateness = {(RUN - spec.due).days for spec in plan.invoices}
    assert lateness == set(range(0, benchlib.MAX_DAYS_LATE + 1))


def test_partly_paid_invoices_were_due_long_enough_to_have_been_paid(plan):
    keys = benchlib.template_keys()
    paid_late = [
        (RUN - spec.due).days for spec in plan.invoices if keys[spec.template][2]
    ]
    assert min(paid_late) >= benchlib.PAID_AFTER_DAYS


def test_shares_of_instalments_and_partial_payments(plan):
    keys = benchlib.template_keys()
    kinds = Counter(keys[spec.template][1:] for spec in plan.invoices)
    total = len(plan.invoices)
    split = (kinds[True, False] + kinds[True, True]) / total
    partial = (kinds[False, True] + kinds[True, True]) / total
    assert split == pytest.approx(0.20, abs=0.02)
    assert partial == pytest.approx(0.10, abs=0.02)


def test_the_first_invoices_are_the_templates_at_factor_1(plan):
    keys = benchlib.template_keys()
    assert len(keys) == len(set(keys)) == 12
    assert [spec.template for spec in plan.templates] == list(range(12))
    assert {spec.factor for spec in plan.templates} == {1}
    assert {spec.factor for spec in plan.invoices} == set(
        range(1, benchlib.MAX_FACTOR + 1)
    )


def test_payments_on_account_and_credit_notes_start_with_their_template(plan):
    for items, share in (
        (plan.on_account, benchlib.Shares().on_account),
        (plan.credit_notes, benchlib.Shares().credit_note),
    ):
        assert len(items) == round(plan.customers * share)
        assert items[0][1] == 1
        assert all(factor >= 1 for _customer, factor in items)
        assert len({customer for customer, _factor in items}) == len(items)


def test_promises_and_objections_on_first_invoices_of_different_customers(plan):
    assert len(plan.promises) == len(plan.objections) == 20
    customers = [plan.invoices[i].customer for i in plan.promises + plan.objections]
    assert len(set(customers)) == 40
    first = {}
    for index, spec in enumerate(plan.invoices):
        first.setdefault(spec.customer, index)
    assert all(first[plan.invoices[i].customer] == i for i in plan.promises)


def test_same_seed_same_data_other_seed_other_data():
    assert benchlib.make_plan(500, RUN, seed=3) == benchlib.make_plan(500, RUN, seed=3)
    assert benchlib.make_plan(500, RUN, seed=3) != benchlib.make_plan(500, RUN, seed=4)


def test_small_plans():
    assert benchlib.make_plan(0, RUN).invoices == []
    tiny = benchlib.make_plan(3, RUN)
    assert tiny.customers == 1
    assert [spec.template for spec in tiny.invoices] == [0, 1, 2]
    with pytest.raises(ValueError):
        benchlib.make_plan(-1, RUN)


def test_explicit_customers_and_shares():
    plan = benchlib.make_plan(
        100, RUN, customers=50, shares=benchlib.Shares(no_email=0.5, promise=0)
    )
    assert plan.customers == 50
    assert len(plan.no_email) == 25
    assert plan.promises == []


@pytest.mark.parametrize(
    "today, last_rate, expected",
    [
        (date(2026, 3, 10), date(2026, 1, 1), date(2026, 3, 10)),
        (date(2026, 12, 1), date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 12, 1), date(2026, 7, 1), date(2026, 12, 1)),
        (date(2027, 2, 1), date(2026, 7, 1), date(2026, 12, 31)),
        (date(2027, 2, 1), None, date(2027, 2, 1)),
    ],
)
def test_default_run_date_has_a_late_payment_rate(today, last_rate, expected):
    assert benchlib.default_run_date(today, last_rate) == expected


def test_ratio_and_table():
    assert benchlib.ratio(5.0, 2.0) == "2.50x"
    assert benchlib.ratio(1.0, 0) == "n/a"
    assert benchlib.ratio(12.0, 0.5, floor=1.0) == "n/a"
    assert benchlib.markdown_table(["a", "b"], [[1, "x"], [2.5, "y"]]) == (
        "| a | b |\n|---|---|\n| 1 | x |\n| 2.5 | y |"
    )


def _proc(tmp_path, rss_kb, hwm_kb, writable=True):
    (tmp_path / "status").write_text(
        f"Name:\tpython\nVmHWM:\t{hwm_kb} kB\nVmRSS:\t{rss_kb} kB\n"
    )
    if writable:
        (tmp_path / "clear_refs").write_text("")
    return tmp_path


def test_peak_memory_resets_the_high_water_mark(tmp_path):
    proc = _proc(tmp_path, rss_kb=102_400, hwm_kb=512_000)
    memory = benchlib.PeakMemory(proc).start()
    assert (proc / "clear_refs").read_text() == "5"
    assert memory.exact
    assert memory.start_mb == 100
    _proc(tmp_path, rss_kb=110_000, hwm_kb=307_200)
    assert memory.peak() == 300
    assert memory.growth() == 200


def test_peak_memory_without_reset_is_the_process_peak(tmp_path):
    proc = _proc(tmp_path, rss_kb=102_400, hwm_kb=512_000, writable=False)
    (proc / "clear_refs").mkdir()  # cannot be written
    memory = benchlib.PeakMemory(proc).start()
    assert not memory.exact
    assert memory.peak() > 0


def test_copy_select_list_multiplies_money_and_shifts_dates():
    columns, exprs = clone.select_list(
        ["id", "amount", "date", "name"],
        {"id": "c.new_id"},
        ("amount",),
        ("date",),
        "t",
    )
    assert columns == '"id", "amount", "date", "name"'
    assert exprs == "c.new_id, t.amount * c.factor, t.date + c.shift, t.name"
