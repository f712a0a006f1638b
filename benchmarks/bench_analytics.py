"""Benchmark of the credit controller's analytics on a realistic volume.

Creates open invoices with the escalation benchmark's generator
(generate.py: customers with invoices up to 90 days past due) and,
for the payer profiles, a paid history (invoices of the last year, paid by one
payment per customer registered through account.payment.register), then
measures what a credit controller's morning costs:

- the dashboard: loading its kanban (every tile's figure);
- the aged balance: its list (first page and count), its pivot by salesperson
  and by customer (read_group);
- the nightly payer-profile cron (profiles, DSO and the month-end trend);

each with its wall time, its number of SQL queries and its peak Python memory
(tracemalloc, in a second pass: tracing slows Python down). Everything is
rolled back at the end, the database left as it was, unless --keep commits
the generated data to measure it again (--customers 0 builds nothing).

    python3 benchmarks/bench_analytics.py -d DB [--customers 200] [--invoices 50] \
        [--paid 5] [--keep] [any odoo-bin option: --addons-path, --db_user ...]

Needs an importable Odoo 18 (see the README) and a database made by
``generate.py --create`` (French chart, account_dunning_fr installed).
"""

import argparse
import sys
import time
import tracemalloc
from datetime import date, timedelta

# the benchmarks' helpers and generator (the script's folder is on the path)
import benchlib
import generate

LIST_FIELDS = (
    "partner_id",
    "user_id",
    "payer_profile",
    "level_id",
    "company_id",
    "currency_id",
    "amount_not_due",
    "amount_1_30",
    "amount_31_60",
    "amount_61_90",
    "amount_over_90",
    "amount_total",
)
BUCKETS = [f"{name}:sum" for name in LIST_FIELDS[6:]]
CHUNK = 100  # customers built at a time: the ORM cache stays small
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument(
        "--invoices", type=int, default=50, help="open invoices per customer"
    )
    parser.add_argument(
        "--paid", type=int, default=5, help="paid invoices per customer (last year)"
    )
    parser.add_argument("--date", default=date.today().isoformat(), help="ISO date")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="commit the generated data (measure it again later with --customers 0)",
    )
    return parser.parse_known_args()


def build_open_invoices(env, customers, per_customer, day):
    """generate.py's open invoices of ``customers`` customers (instalments,
    partial payments, payments on account, credit notes, promises,
    objections), as the escalation benchmark measures them."""
    if not customers:
        return env["account.move"]
    generate.generate(env, customers * per_customer, customers, day)
    return env["account.move"].search(
        [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
    )


def build_paid_history(env, partners, per_customer, day):
    """``per_customer`` invoices per customer issued over the last year, each
    customer's paid by one payment (some on time, some late)."""
    moves = env["account.move"]
    if not per_customer:
        return moves
    quiet = env(context=dict(env.context, **QUIET))
    for first in range(0, len(partners), CHUNK):
        moves |= _paid_invoices(
            quiet, partners[first : first + CHUNK], per_customer, day
        )
        env.flush_all()
        env.invalidate_all()
    return moves.with_env(env)


def _paid_invoices(env, partners, per_customer, day):
    journal = env["account.journal"].search(
        [("company_id", "=", env.company.id), ("type", "=", "sale")], limit=1
    )
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "partner_id": partner.id,
                "invoice_date": day - timedelta(days=330 - 60 * i),
                "invoice_date_due": day - timedelta(days=300 - 60 * i),
                "invoice_line_ids": [
                    (0, 0, {"name": "Prestation", "quantity": 1, "price_unit": 80.0})
                ],
            }
            for partner in partners
            for i in range(per_customer)
        ]
    )
    moves.action_post()
    # one payment per customer, dated after its last due date: the customer
    # paid its older invoices late
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=moves.ids
    ).create(
        {
            "group_payment": True,
            "payment_date": day - timedelta(days=300 - 60 * (per_customer - 1) - 10),
        }
    )._create_payments()
    return moves


def dashboard(env):
    return env["account.dunning.dashboard"].web_search_read(
        [],
        {
            "tile": {},
            "count": {},
            "headline": {},
            "lines": {},
            "company_id": {"fields": {"display_name": {}}},
        },
    )


def aged_list(env):
    return env["account.dunning.aged.balance"].web_search_read(
        [],
        {name: {} for name in LIST_FIELDS},
        limit=80,
        count_limit=10001,
    )


def aged_pivot(env, groupby):
    return env["account.dunning.aged.balance"].read_group(
        [], BUCKETS, [groupby], lazy=False
    )


def _cold(env):
    """Nothing pending, nothing cached: as a new request finds the server."""
    env.flush_all()
    env.invalidate_all()
    env.registry.clear_cache()


def measure(env, label, function):
    """Run ``function`` from a cold cache, timed; then again, traced for its
    peak Python memory."""
    cr = env.cr
    _cold(env)
    queries = cr.sql_log_count
    start = time.perf_counter()
    function()
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    _cold(env)
    tracemalloc.start()
    function()
    env.flush_all()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{label:<42} {elapsed:8.3f} s {queries:6d} queries "
        f"{peak / 2**20:8.1f} MiB peak"
    )


def main():
    args, odoo_args = parse_args()
    odoo = benchlib.configured_odoo(odoo_args)
    dbname = odoo.tools.config["db_name"]
    if not dbname:
        sys.exit("Give the database with -d DB.")
    day = date.fromisoformat(args.date)
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "fr_FR"})
        start = time.perf_counter()
        open_moves = build_open_invoices(env, args.customers, args.invoices, day)
        paid = build_paid_history(env, open_moves.partner_id, args.paid, day)
        env.flush_all()
        built = time.perf_counter() - start
        print(
            f"{len(open_moves)} open invoices and {len(paid)} paid ones for "
            f"{args.customers} customers, built in {built:.0f} s; date {day}"
        )
        measure(
            env,
            "payer-profile cron (profiles, DSO, trend)",
            lambda: env["res.partner"]._dunning_update_payer_profiles(day),
        )
        # the screens as the administrator sees them (record rules applied)
        user = env(user=env.ref("base.user_admin").id)
        measure(user, "dashboard (11 tiles)", lambda: dashboard(user))
        measure(user, "aged balance: list, first 80 and count", lambda: aged_list(user))
        measure(
            user,
            "aged balance: pivot by salesperson",
            lambda: aged_pivot(user, "user_id"),
        )
        measure(
            user,
            "aged balance: pivot by customer",
            lambda: aged_pivot(user, "partner_id"),
        )
        if args.keep:
            cr.commit()
        else:
            cr.rollback()


if __name__ == "__main__":
    main()
