"""The plain-Python parts of the benchmarks: no Odoo import.

- :func:`make_plan`: what the generator puts in the database (which customer
  each invoice belongs to, how late it is, its amount and payment terms, who
  paid part of it, who has a payment on account, a credit note, a promise or
  an objection), drawn from a seed so that two databases generated with the
  same arguments hold the same data;
- :class:`PeakMemory`: the peak resident memory of one measurement inside a
  process that makes several;
- :func:`markdown_table` and :func:`ratio`: the report;
- :func:`configured_odoo`: Odoo itself, imported only when a script calls it.

Tested by ``tests/test_benchlib.py``.
"""

import random
import resource
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MAX_DAYS_LATE = 90
"""Invoices are generated due 0 to this number of days before the run date."""

INVOICE_TERM_DAYS = 30
"""Days from invoice date to the (first) due date, as Odoo's "30 Days" term."""

PAID_AFTER_DAYS = 5
"""A partly paid invoice received its payment this number of days after its
(first) due date: it is at least that late."""

BASE_AMOUNTS = (100.0, 250.0, 480.0)
"""Untaxed amounts of the template invoices. Every invoice is one of them
times a whole factor (and so are its payment and credit notes of
:data:`UNIT`), so that cents stay exact when the templates are copied."""

MAX_FACTOR = 10

UNIT = 10.0
"""Payments on account and (untaxed) credit notes are whole multiples of it."""


@dataclass(frozen=True)
class Shares:
    """What fraction of invoices or customers gets each situation."""

    instalments: float = 0.20  # invoices on a 50 % / 50 % payment term
    partial: float = 0.10  # invoices partly paid
    no_email: float = 0.10  # customers without email (reminders go by letter)
    on_account: float = 0.05  # customers with a payment on account not reconciled
    credit_note: float = 0.03  # customers with an open credit note
    promise: float = 0.01  # customers with an open payment promise
    objection: float = 0.01  # customers with an open dispute


@dataclass(frozen=True)
class InvoiceSpec:
    """One open customer invoice to generate.

    ``template``: index into :func:`template_keys` (amount, payment term,
    partly paid or not); ``due``: due date of its (first) instalment;
    ``factor``: its amounts are the template's times it.
    """

    customer: int
    template: int
    due: date
    factor: int


@dataclass(frozen=True)
class Plan:
    """What to generate. ``on_account`` and ``credit_notes``: ``[(customer,
    factor)]``, the amount being ``factor`` x :data:`UNIT`, the first one 1
    (the template); ``promises`` and ``objections``: invoice indexes."""

    run_date: date
    customers: int
    invoices: list
    no_email: frozenset
    on_account: list = field(default_factory=list)
    credit_notes: list = field(default_factory=list)
    promises: list = field(default_factory=list)
    objections: list = field(default_factory=list)

    @property
    def templates(self):
        """The invoices made through the ORM; the others copy one of them."""
        return self.invoices[: len(template_keys())]


def template_keys():
    """``[(base_amount, instalments, partly_paid)]``: one template each."""
    return [
        (base, split, partial)
        for partial in (False, True)
        for split in (False, True)
        for base in BASE_AMOUNTS
    ]


def default_customers(invoices):
    """Five invoices per customer on average, at least one customer."""
    return max(invoices // 5, 1)


def _pick(rng, population, share):
    count = round(len(population) * share)
    return sorted(rng.sample(population, count)) if count else []


def _factors(rng, customers, low, high):
    """``[(customer, factor)]``, the first factor 1 (the template's)."""
    return [
        (customer, 1 if i == 0 else rng.randint(low, high))
        for i, customer in enumerate(customers)
    ]


def make_plan(invoices, run_date, customers=None, seed=11, shares=None):
    """Draw the data set: ``invoices`` open invoices of ``customers``
    customers (default :func:`default_customers`) for a run on ``run_date``.

    The first invoices are the templates (one per :func:`template_keys`,
    factor 1) and the first customers get one invoice each, so every customer
    has at least one; the rest is drawn at random. A partly paid invoice is
    at least :data:`PAID_AFTER_DAYS` late. Promises and objections go to
    different customers, on their first invoice.
    """
    if invoices < 0:
        raise ValueError("The number of invoices cannot be negative.")
    customers = customers or default_customers(invoices)
    shares = shares or Shares()
    rng = random.Random(seed)
    keys = template_keys()
    groups = defaultdict(list)
    for index, (_base, split, partial) in enumerate(keys):
        groups[split, partial].append(index)
    specs = []
    for index in range(invoices):
        if index < len(keys):
            template, factor = index, 1
        else:
            split = rng.random() < shares.instalments
            partial = rng.random() < shares.partial
            template = rng.choice(groups[split, partial])
            factor = rng.randint(1, MAX_FACTOR)
        low = PAID_AFTER_DAYS if keys[template][2] else 0
        specs.append(
            InvoiceSpec(
                customer=index if index < customers else rng.randrange(customers),
                template=template,
                due=run_date - timedelta(days=rng.randint(low, MAX_DAYS_LATE)),
                factor=factor,
            )
        )
    everyone = list(range(customers))
    first_invoice = {}
    for index, spec in enumerate(specs):
        first_invoice.setdefault(spec.customer, index)
    with_invoice = sorted(first_invoice)
    held = _pick(rng, with_invoice, shares.promise + shares.objection)
    rng.shuffle(held)
    cut = round(len(with_invoice) * shares.promise)
    return Plan(
        run_date=run_date,
        customers=customers,
        invoices=specs,
        no_email=frozenset(_pick(rng, everyone, shares.no_email)),
        on_account=_factors(rng, _pick(rng, everyone, shares.on_account), 5, 50),
        credit_notes=_factors(rng, _pick(rng, everyone, shares.credit_note), 2, 20),
        promises=sorted(first_invoice[c] for c in held[:cut]),
        objections=sorted(first_invoice[c] for c in held[cut:]),
    )


def half_year_end(day):
    """Last day of the half-year of ``day``."""
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def default_run_date(today, last_rate_start):
    """Today, or the end of the last half-year whose late-payment rate is
    known (``last_rate_start``) when today is past it: the formal notices of
    a run need the rate of their half-year."""
    if last_rate_start is None:
        return today
    return min(today, half_year_end(last_rate_start))


class PeakMemory:
    """Peak resident memory (RSS) of a stretch of code, in MB.

    On Linux the kernel's high-water mark (``VmHWM``) is reset at
    :meth:`start` (``/proc/self/clear_refs``), so each measurement of a
    process that makes several gets its own peak. Elsewhere the process's
    lifetime peak (``getrusage``) is all there is: ``exact`` says which.
    """

    def __init__(self, proc=Path("/proc/self")):
        self.proc = proc
        self.exact = False
        self.start_mb = 0.0

    def _status(self, key):
        for line in (self.proc / "status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
        raise KeyError(key)

    def start(self):
        try:
            (self.proc / "clear_refs").write_text("5")
            self.exact = True
        except OSError:
            self.exact = False
        self.start_mb = self.current()
        return self

    def current(self):
        try:
            return self._status("VmRSS")
        except (OSError, KeyError):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def peak(self):
        """Highest RSS since :meth:`start` (since the process began when not
        ``exact``)."""
        if self.exact:
            return self._status("VmHWM")
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def growth(self):
        """How far the peak rose above the RSS at :meth:`start`."""
        return max(self.peak() - self.start_mb, 0.0)


def ratio(ours, theirs, floor=0.0):
    """``ours / theirs`` written for a reader: "2.50x", or "n/a" when
    ``theirs`` is not above ``floor`` (too small to divide by)."""
    if not theirs or theirs <= floor:
        return "n/a"
    return f"{ours / theirs:.2f}x"


def markdown_table(headers, rows):
    """A Markdown table; cells are written with ``str``."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def configured_odoo(odoo_args):
    """Odoo 18 configured with the odoo-bin options of the command line; the
    script stops, saying why, when Odoo is not importable."""
    try:
        import odoo
    except ImportError as error:
        sys.exit(f"Odoo 18 is not importable ({error}); see the README.")
    odoo.tools.config.parse_config(odoo_args)
    return odoo
