"""Fill a database with customers and open invoices for the dunning benchmarks.

    python3 benchmarks/generate.py -d DB --invoices 10000 [--customers 2000] \
        [--date 2026-06-30] [--seed 11] [--create [--oca] | --from-db BASE] \
        [any odoo-bin option: --addons-path, --db_host, --db_port, --db_user ...]

``--create`` makes DB first the way Odoo's database manager makes a French
one (French language, main company in France with the euro and the French
chart, no demo data) with ``l10n_fr_account`` and ``account_dunning_fr``
installed, plus OCA's ``account_credit_control`` with ``--oca`` (it must be
on the addons path: see the README's "Benchmarks"); ``--create`` without
``--invoices`` makes just that, a base to start others from with ``--from-db
BASE`` (Odoo's "duplicate database": its files too). Otherwise DB must have
the modules and a main company keeping the French chart.

What goes in (:func:`benchlib.make_plan` draws it from the seed): N customers
(default M/5, 10 % without email) and M open posted customer invoices with
20 % VAT, their (first) instalment due 0 to 90 days before the run date (the
``--date``; default today, or the end of the last half-year whose
late-payment rate the addon knows), 20 % on a 50 % / 50 % payment term, 10 %
with half of their first instalment paid; 5 % of the customers have a
payment on account not reconciled, 3 % an open credit note, 1 % an open
payment promise and 1 % an open dispute.

How, fast: twelve template invoices (three amounts, two payment terms, partly
paid or not: invoice, payment and reconciliation through the ORM), a payment
on account and a credit note are made and posted through the ORM; all the
others are copies of them in SQL (``clone.py``): amounts multiplied by a
whole factor, dates shifted, so each copy is as balanced and as consistent as
its template. Customers, promises and objections go through the ORM, in
batches. :func:`check_consistency` then checks the accounting of the whole
database; nothing is kept if it fails.

The company's default dunning scenario (the addon's "Standard" ladder) is set
to send automatically; ``mail.mail.force.send.limit`` is set to 0 so that
every email waits in Odoo's queue (nothing runs the mail cron here: no email
leaves).

The run date and the figures are kept in the ``dunning_bench.generated``
system parameter; ``bench_escalation.py`` reads the date from there.
"""

import argparse
import json
import logging
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import clone  # noqa: E402

_logger = logging.getLogger("dunning_bench.generate")

PARAM = "dunning_bench.generated"
BATCH = 1000
MODULES = ("l10n_fr_account", "account_dunning_fr")
OCA_MODULE = "account_credit_control"


def create_database(dbname, oca=False):
    """A new French database as Odoo's database manager makes it, with the
    dunning addon (and OCA's credit control) installed, no demo data."""
    import odoo
    from odoo.service import db

    db.exp_create_database(dbname, False, "fr_FR", "admin", "admin", "fr")
    modules = MODULES + ((OCA_MODULE,) if oca else ())
    odoo.tools.config["init"] = dict.fromkeys(modules, 1)
    odoo.modules.registry.Registry.new(dbname, update_module=True)
    odoo.tools.config["init"] = {}


def _step(stats, name, started):
    stats[name] = round(time.perf_counter() - started, 1)
    _logger.info("%s: %.1f s", name, stats[name])
    return time.perf_counter()


def default_run_date(env):
    """Today, unless the late-payment rate of today's half-year is not known
    yet (see :func:`benchlib.default_run_date`)."""
    rates = env["account.dunning.rate"].search([], order="date_start desc", limit=1)
    return benchlib.default_run_date(date.today(), rates.date_start or None)


def generate(env, invoices, customers=None, run_date=None, seed=11):
    """Fill ``env``'s main company as the module docstring says; returns a
    dict of the counts and the seconds each step took."""
    run_date = run_date or default_run_date(env)
    company = env.ref("base.main_company")
    if company.chart_template != "fr":
        raise ValueError(
            f"{company.name} does not keep the French chart: use --create."
        )
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    plan = benchlib.make_plan(invoices, run_date, customers, seed)
    stats = {
        "date": run_date.isoformat(),
        "invoices": invoices,
        "customers": plan.customers,
    }
    started = first = time.perf_counter()
    _configure(env, company)
    partners = _create_customers(env, plan)
    started = _step(stats, "customers_s", started)
    templates = _create_templates(env, company, plan, partners)
    started = _step(stats, "templates_s", started)
    moves = _copy_templates(env, plan, partners, templates)
    started = _step(stats, "copies_s", started)
    stats.update(
        partly_paid=sum(
            1 for spec in plan.invoices if benchlib.template_keys()[spec.template][2]
        ),
        instalments=sum(
            1 for spec in plan.invoices if benchlib.template_keys()[spec.template][1]
        ),
        payments_on_account=len(plan.on_account),
        credit_notes=len(plan.credit_notes),
    )
    stats["promises"], stats["objections"] = _holds(env, plan, moves)
    started = _step(stats, "promises_objections_s", started)
    stats["seconds"] = round(time.perf_counter() - first, 1)
    env["ir.config_parameter"].set_param(PARAM, json.dumps(dict(stats, seed=seed)))
    env.flush_all()
    return stats


def _configure(env, company):
    scenario = company.dunning_scenario_id
    if not scenario:
        raise ValueError(f"{company.name} has no default dunning scenario.")
    scenario.auto_send = True
    # Every email waits in the queue (mail.mail) for the mail cron, which
    # nothing runs here: no email leaves, whatever a run posts.
    env["ir.config_parameter"].set_param("mail.mail.force.send.limit", "0")


def _create_customers(env, plan):
    france = env.ref("base.fr")
    invoices_of = defaultdict(int)
    for spec in plan.invoices:
        invoices_of[spec.customer] += 1
    vals = [
        {
            "name": f"Client {i:06d} SAS",
            "is_company": True,
            "email": False if i in plan.no_email else f"compta@client{i:06d}.example",
            "lang": "fr_FR",
            "street": f"{1 + i % 150} rue de la République",
            "zip": f"{69001 + i % 9}",
            "city": "Lyon",
            "country_id": france.id,
            "customer_rank": invoices_of[i],
        }
        for i in range(plan.customers)
    ]
    quiet = env["res.partner"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    ids = []
    for start in range(0, len(vals), BATCH):
        ids += quiet.create(vals[start : start + BATCH]).ids
        env.flush_all()
        env.invalidate_all()
    return ids


def _split_term(env, company):
    """The 50 % / 50 % payment term, at 30 and 60 days."""
    return env["account.payment.term"].create(
        {
            "name": "50 % à 30 jours, 50 % à 60 jours",
            "company_id": company.id,
            "line_ids": [
                (0, 0, {"value": "percent", "value_amount": 50.0, "nb_days": 30}),
                (0, 0, {"value": "percent", "value_amount": 50.0, "nb_days": 60}),
            ],
        }
    )


def _journal(env, company, kind):
    return env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", kind)], limit=1
    )


def _receivable(lines):
    return lines.filtered(
        lambda line: line.account_id.account_type == "asset_receivable"
    ).sorted("date_maturity")


def _invoice_vals(journal, partner, day, amount, tax, term=None, kind="out_invoice"):
    return {
        "move_type": kind,
        "journal_id": journal.id,
        "partner_id": partner,
        "invoice_date": day,
        "invoice_payment_term_id": term and term.id,
        "invoice_line_ids": [
            (
                0,
                0,
                {
                    "name": "Prestation de services"
                    if kind == "out_invoice"
                    else "Remise commerciale",
                    "quantity": 1,
                    "price_unit": amount,
                    "tax_ids": [(6, 0, tax.ids)],
                },
            )
        ],
    }


@dataclass
class Templates:
    """The bundles made through the ORM (each also counts in the data):
    ``invoices`` in the order of ``plan.templates`` (the invoice first, then
    the payment of part of it), then a payment on account and a credit note
    when the plan has some."""

    invoices: list
    on_account: object = None
    credit_note: object = None


def _create_templates(env, company, plan, partners):
    terms = {
        False: env.ref("account.account_payment_term_30days"),
        True: _split_term(env, company),
    }
    tax = company.account_sale_tax_id
    sales = _journal(env, company, "sale")
    keys = benchlib.template_keys()
    invoices = env["account.move"].create(
        [
            _invoice_vals(
                sales,
                partners[spec.customer],
                spec.due - timedelta(days=benchlib.INVOICE_TERM_DAYS),
                keys[spec.template][0],
                tax,
                terms[keys[spec.template][1]],
            )
            for spec in plan.templates
        ]
    )
    invoices.action_post()
    bundles = []
    for invoice, spec in zip(invoices, plan.templates, strict=True):
        bundle = invoice
        if keys[spec.template][2]:
            first = _receivable(invoice.line_ids)[0]
            payment = (
                env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {
                        "amount": invoice.currency_id.round(first.amount_residual / 2),
                        "payment_date": spec.due
                        + timedelta(days=benchlib.PAID_AFTER_DAYS),
                    }
                )
                ._create_payments()
            )
            bundle |= payment.move_id
        bundles.append(bundle)
    templates = Templates(bundles)
    if plan.on_account:
        customer, factor = plan.on_account[0]
        payment = env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partners[customer],
                "amount": factor * benchlib.UNIT,
                "date": plan.run_date - timedelta(days=10),
                "journal_id": _journal(env, company, "bank").id,
            }
        )
        payment.action_post()
        templates.on_account = payment.move_id
    if plan.credit_notes:
        customer, factor = plan.credit_notes[0]
        refund = env["account.move"].create(
            _invoice_vals(
                sales,
                partners[customer],
                plan.run_date - timedelta(days=20),
                factor * benchlib.UNIT,
                tax,
                kind="out_refund",
            )
        )
        refund.action_post()
        templates.credit_note = refund
    return templates


def _copy_templates(env, plan, partners, templates):
    """Every invoice, payment on account and credit note of the plan beyond
    the templates, copied from them in SQL; returns the invoices of the plan
    (templates and copies) in its order."""
    bundles = templates.invoices
    due_of = [_receivable(bundle[0].line_ids)[0].date_maturity for bundle in bundles]
    copies = [
        clone.Copy(
            bundles[spec.template],
            partners[spec.customer],
            (spec.due - due_of[spec.template]).days,
            spec.factor,
        )
        for spec in plan.invoices[len(bundles) :]
    ]
    copies += [
        clone.Copy(templates.on_account, partners[customer], 0, factor)
        for customer, factor in plan.on_account[1:]
    ]
    copies += [
        clone.Copy(templates.credit_note, partners[customer], 0, factor)
        for customer, factor in plan.credit_notes[1:]
    ]
    ids = clone.clone_bundles(env, copies)
    invoice_ids = [bundle[0].id for bundle in bundles]
    invoice_ids += [entries[0] for entries in ids[: len(plan.invoices) - len(bundles)]]
    return env["account.move"].browse(invoice_ids)


def _holds(env, plan, moves):
    """Open payment promises (half of the invoice promised in the next days)
    and open disputes, each on one invoice of its customer."""
    promised = moves.browse([moves[index].id for index in plan.promises])
    env["account.dunning.promise"].create(
        [
            {
                "partner_id": move.commercial_partner_id.id,
                "move_ids": [(6, 0, move.ids)],
                "date": plan.run_date - timedelta(days=2),
                "date_promised": plan.run_date + timedelta(days=1 + i % 14),
                "amount": move.currency_id.round(move.amount_residual / 2),
                "currency_id": move.currency_id.id,
                "channel": "phone",
            }
            for i, move in enumerate(promised)
        ]
    )
    disputed = moves.browse([moves[index].id for index in plan.objections])
    dispute = env.ref("account_dunning_fr.objection_type_commercial_dispute")
    env["account.dunning.objection"].create(
        [
            {
                "partner_id": move.commercial_partner_id.id,
                "type_id": dispute.id,
                "move_ids": [(6, 0, move.ids)],
                "date": plan.run_date - timedelta(days=5),
            }
            for move in disputed
        ]
    )
    return len(promised), len(disputed)


RECEIVABLE = (
    "account_move_line l JOIN account_account a ON a.id = l.account_id"
    " AND a.account_type = 'asset_receivable'"
)
CHECKS = {
    "unbalanced entries": "SELECT count(*) FROM (SELECT move_id FROM"
    " account_move_line WHERE parent_state = 'posted' GROUP BY move_id"
    " HAVING round(sum(balance), 2) != 0) u",
    "receivable residual not balance minus reconciled": "WITH r AS ("
    " SELECT debit_move_id AS id, amount FROM account_partial_reconcile"
    " UNION ALL SELECT credit_move_id, -amount FROM account_partial_reconcile),"
    " s AS (SELECT id, sum(amount) AS amount FROM r GROUP BY id)"
    f" SELECT count(*) FROM {RECEIVABLE} LEFT JOIN s ON s.id = l.id"
    " WHERE l.parent_state = 'posted'"
    " AND round(l.amount_residual, 2) != round(l.balance - coalesce(s.amount, 0), 2)",
    "invoice residual not its lines'": "SELECT count(*) FROM account_move m"
    f" JOIN (SELECT l.move_id, sum(l.amount_residual) AS residual FROM {RECEIVABLE}"
    " GROUP BY l.move_id) r ON r.move_id = m.id"
    " WHERE m.move_type = 'out_invoice' AND m.state = 'posted'"
    " AND round(m.amount_residual, 2) != round(r.residual, 2)",
    "receivable lines of invoices without due date": "SELECT count(*) FROM"
    f" {RECEIVABLE} JOIN account_move m ON m.id = l.move_id"
    " WHERE m.move_type = 'out_invoice' AND l.date_maturity IS NULL",
    "duplicate numbers": "SELECT count(*) FROM (SELECT name FROM account_move"
    " WHERE state = 'posted' GROUP BY journal_id, name HAVING count(*) > 1) d",
}


def check_consistency(env):
    """Accounting checks on every posted entry, in SQL: ``{check: count of
    entries or lines that fail it}`` (all zeros when consistent)."""
    result = {}
    for name, query in CHECKS.items():
        env.cr.execute(query)
        result[name] = env.cr.fetchone()[0]
    return result


def analyze(env):
    """Fresh planner statistics for the tables just filled (the rows of this
    transaction included), as autovacuum would give them in time: the checks
    and the runs measured then get the plans of a database in use."""
    env.cr.execute(
        "ANALYZE res_partner, account_move, account_move_line,"
        " account_partial_reconcile, account_payment, mail_followers"
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=0)
    parser.add_argument("--customers", type=int, help="default: invoices / 5")
    parser.add_argument("--date", help="run date, ISO (default today)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--create", action="store_true", help="create the database")
    parser.add_argument(
        "--from-db",
        metavar="BASE",
        help="start from a copy of BASE (a database made by --create with no "
        "--invoices, its files included) instead of creating one",
    )
    parser.add_argument(
        "--oca", action="store_true", help=f"with --create: install {OCA_MODULE}"
    )
    return parser.parse_known_args(argv)


def main(argv=None):
    args, odoo_args = parse_args(argv)
    odoo = benchlib.configured_odoo(odoo_args)
    logging.getLogger("dunning_bench").setLevel(logging.INFO)
    dbname = odoo.tools.config["db_name"]
    if not dbname:
        sys.exit("Give the database with -d DB.")
    started = time.perf_counter()
    if args.from_db:
        from odoo.service import db

        db.exp_duplicate_database(args.from_db, dbname)
        print(f"database {dbname} copied from {args.from_db}")
    elif args.create:
        create_database(dbname, oca=args.oca)
        print(f"database {dbname} created in {time.perf_counter() - started:.0f} s")
    if not args.invoices:
        return
    run_date = date.fromisoformat(args.date) if args.date else None
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            stats = generate(env, args.invoices, args.customers, run_date, args.seed)
        except ValueError as error:
            sys.exit(str(error))
        started = time.perf_counter()
        analyze(env)
        problems = {k: v for k, v in check_consistency(env).items() if v}
        if problems:
            cr.rollback()
            sys.exit(f"inconsistent accounting, nothing kept: {problems}")
        stats["checks_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
