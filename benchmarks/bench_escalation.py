"""Benchmark of the daily escalation on a realistic volume, on real Odoo 18.

Creates customers and posted invoices overdue by 0 to 60 days in the first
company that has the French chart (or the main company), runs
``account.dunning.scenario._run_dunning`` twice on the same date, prints the
wall time and the number of SQL queries of each run, then rolls everything
back: the database is left as it was.

    python3 benchmarks/bench_escalation.py -d DB [--customers 200] [--invoices 5] \
        [any odoo-bin option: --addons-path, --db_host, --db_user ...]

Needs an importable Odoo 18 (see the README) and a database where
account_dunning_fr is installed.
"""

import argparse
import sys
import time
from datetime import date, timedelta


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--invoices", type=int, default=5, help="invoices per customer")
    parser.add_argument(
        "--date", default=date.today().isoformat(), help="run date (ISO)"
    )
    return parser.parse_known_args()


def build(env, customers, per_customer, run_date):
    company = env.company
    scenario = company.dunning_scenario_id
    if not scenario:
        sys.exit(
            f"{company.name} has no default dunning scenario: install "
            "account_dunning_fr first."
        )
    scenario.auto_send = False  # measure the escalation itself, not the SMTP server
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Client bench {i}",
                "is_company": True,
                "email": f"bench{i}@example.com",
            }
            for i in range(customers)
        ]
    )
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "partner_id": partner.id,
                "invoice_date": run_date - timedelta(days=90),
                "invoice_date_due": run_date
                - timedelta(days=(p * per_customer + i) % 61),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {"name": "Prestation", "quantity": 1, "price_unit": 100.0 + i},
                    )
                ],
            }
            for p, partner in enumerate(partners)
            for i in range(per_customer)
        ]
    )
    moves.action_post()
    return moves


def measure(env, run_date):
    cr = env.cr
    queries = cr.sql_log_count
    start = time.perf_counter()
    reminders = env["account.dunning.scenario"]._run_dunning(run_date)
    env.flush_all()
    return reminders, time.perf_counter() - start, cr.sql_log_count - queries


def main():
    args, odoo_args = parse_args()
    try:
        import odoo
    except ImportError as error:
        sys.exit(
            f"Odoo 18 is not importable ({error}); see the README, 'Getting Odoo 18'."
        )
    odoo.tools.config.parse_config(odoo_args)
    dbname = odoo.tools.config["db_name"]
    if not dbname:
        sys.exit("Give the database with -d DB.")
    run_date = date.fromisoformat(args.date)
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        moves = build(env, args.customers, args.invoices, run_date)
        env.flush_all()
        first, seconds, queries = measure(env, run_date)
        second, seconds2, queries2 = measure(env, run_date)
        print(f"invoices: {len(moves)}, customers: {args.customers}, date: {run_date}")
        print(
            f"first run: {len(first)} reminders for {len(first.move_ids)} invoices "
            f"in {seconds:.2f} s, {queries} queries"
        )
        print(
            f"second run, same day: {len(second)} reminders in {seconds2:.2f} s, "
            f"{queries2} queries"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
