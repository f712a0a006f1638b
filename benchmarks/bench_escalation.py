"""Benchmark of the daily dunning run: ours against OCA's credit control.

    python3 benchmarks/bench_escalation.py --source DB [--date 2026-06-30] \
        [--engines ours,oca] [--keep] \
        [any odoo-bin option: --addons-path, --db_host, --db_port, --db_user ...]

DB is a database filled by ``generate.py`` (with ``--oca`` for OCA's engine);
the run date defaults to the one it was generated for. In one process, one
right after the other, each engine runs twice on the same day (the second run
should find nothing new to do) on its own fresh copy of DB (Odoo's "duplicate
database", dropped afterwards unless ``--keep``), so both start from the same
data:

- ours: :func:`run_ours`, the scheduler's run of account_dunning_fr (prepare
  and send: its commits, PDF letters and queued emails included; no email
  leaves, see generate.py);
- OCA: :func:`run_oca`, a ``credit.control.run`` of ``account_credit_control``
  for the same date generating its credit control lines (it prepares lines,
  it sends nothing), with the policy made by :func:`oca_policy` from our
  ladder: same levels and delays counted from the due date, email channel.

Measured for each run: wall time, CPU time of this process and of the
wkhtmltopdf it runs, SQL queries
(``odoo.sql_db.sql_counter``, every cursor of the process) and their time,
the peak resident memory above the resident memory at its start (the
kernel's high-water mark ``VmHWM``, reset before each run through
``/proc/self/clear_refs``; without it, the process's lifetime peak and the
table says so), what it created (our reminders and the receivable lines they
claim, OCA's credit lines) and the load average of the machine when it
started. Printed as a Markdown table, with the ratios ours / OCA. A run that
fails is shown failed, with its error.

Letters: Odoo renders a sending batch's letters in one wkhtmltopdf call,
which only a wkhtmltopdf built with patched Qt can do (Debian's cannot: the
call fails). ``--letters auto`` (default) renders them as PDF with such a
wkhtmltopdf (its stylesheets served by Odoo's HTTP server started in this
process on ``--http-port``), otherwise as HTML, Odoo's own fallback when it
runs tests; the table says which.
"""

import argparse
import gc
import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import generate  # noqa: E402

# ----------------------------------------------------------------------
# The engines: the one place to adapt when a run's entry point changes
# ----------------------------------------------------------------------


def run_ours(env, day):
    """account_dunning_fr's whole daily run for ``day``, as its scheduled
    action makes it (``ir_cron_data.xml``: superuser, ``dunning_cron_commit``
    so that it commits after each company and sending batch).

    An engine that works by slices (a time budget per call, the cron
    re-triggered while ``_notify_progress`` reports work remaining) is called
    here in a loop until nothing remains, with ``env.cr.commit()`` between
    calls, as the cron worker does.
    """
    scenarios = env["account.dunning.scenario"].with_context(dunning_cron_commit=True)
    runs = env["account.dunning.run"]
    scenarios._run_dunning(day)
    while runs.search_count([("state", "=", "running")]):
        env.cr.commit()
        scenarios._run_dunning(day)


def run_oca(env, day, policy):
    """OCA's run: a credit control run of ``day`` generating its lines."""
    run = env["credit.control.run"].create(
        {
            "date": day,
            "company_id": policy.company_id.id,
            "policy_ids": [(6, 0, policy.ids)],
        }
    )
    run.generate_credit_lines()


def oca_policy(env, company):
    """OCA's equivalent of the company's default dunning scenario: one
    credit control level per level of ours, same order, same delay after the
    due date (``net_days``), by email, on the receivable accounts."""
    scenario = company.dunning_scenario_id
    template = env.ref("account_credit_control.email_template_credit_control_base")
    accounts = env["account.account"].search(
        [("company_ids", "in", company.ids), ("account_type", "=", "asset_receivable")]
    )
    policy = env["credit.control.policy"].create(
        {
            "name": f"{scenario.name} (account_dunning_fr)",
            "company_id": company.id,
            "account_ids": [(6, 0, accounts.ids)],
            "level_ids": [
                (
                    0,
                    0,
                    {
                        "name": level.name,
                        "level": number,
                        "computation_mode": "net_days",
                        "delay_days": level.delay_days,
                        "channel": "email",
                        "email_template_id": template.id,
                        "custom_text": level.name,
                        "custom_mail_text": f"<p>{level.name}</p>",
                    },
                )
                for number, level in enumerate(
                    scenario.level_ids.sorted("sequence"), start=1
                )
            ],
        }
    )
    company.credit_policy_id = policy
    return policy


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------

COUNTS = {
    "reminders": "SELECT count(*) FROM account_dunning_reminder",
    "reminders_sent": "SELECT count(*) FROM account_dunning_reminder"
    " WHERE state = 'sent'",
    "reminders_error": "SELECT count(*) FROM account_dunning_reminder"
    " WHERE state = 'error'",
    "lines_claimed": "SELECT count(*) FROM account_dunning_reminder_line_rel",
    "emails_queued": "SELECT count(*) FROM mail_mail WHERE state = 'outgoing'",
    "emails_sent": "SELECT count(*) FROM mail_mail WHERE state IN ('sent',"
    " 'received', 'exception')",
    "credit_lines": "SELECT count(*) FROM credit_control_line",
}


@dataclass
class Measure:
    engine: str
    run: str
    error: str = ""
    wall: float = 0.0
    cpu: float = 0.0
    queries: int = 0
    sql_time: float = 0.0
    memory_mb: float = 0.0
    peak_mb: float = 0.0
    memory_exact: bool = True
    load: float = 0.0
    created: dict = field(default_factory=dict)


def _counts(cr):
    counts = {}
    for name, query in COUNTS.items():
        table = query.split(" FROM ")[1].split()[0]
        cr.execute("SELECT to_regclass(%s)", (table,))
        if cr.fetchone()[0] is None:
            continue
        cr.execute(query)
        counts[name] = cr.fetchone()[0]
    return counts


def _cpu():
    """CPU seconds of this process and of the children it waited for
    (wkhtmltopdf)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(registry, engine, run, work):
    """Run ``work(env)`` in a new transaction, committed at the end, and
    measure it. A run that fails is measured up to its failure, its error
    noted, what it did not commit rolled back."""
    import odoo

    result = Measure(engine, run, load=os.getloadavg()[0])
    with registry.cursor() as cr:
        before = _counts(cr)
    gc.collect()
    thread = threading.current_thread()
    thread.query_count, thread.query_time = 0, 0.0
    memory = benchlib.PeakMemory().start()
    queries = odoo.sql_db.sql_counter
    cpu, wall = _cpu(), time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            work(env)
            env.flush_all()
            cr.commit()
        except Exception as error:  # reported in the table
            cr.rollback()
            result.error = f"{type(error).__name__}: {error}"[:200]
    result.wall = time.perf_counter() - wall
    result.cpu = _cpu() - cpu
    result.queries = odoo.sql_db.sql_counter - queries
    result.sql_time = thread.query_time
    result.memory_mb, result.memory_exact = memory.growth(), memory.exact
    result.peak_mb = memory.peak()
    with registry.cursor() as cr:
        after = _counts(cr)
    result.created = {name: after[name] - before.get(name, 0) for name in after}
    print(
        f"{engine} {run} run: {result.wall:.1f} s, {result.queries:,} queries,"
        f" {_created(result)}",
        file=sys.stderr,
        flush=True,
    )
    return result


def serve_http():
    """Odoo's HTTP server in a thread of this process, on 127.0.0.1 and the
    ``--http-port``: wkhtmltopdf fetches the letters' stylesheets from it, as
    from the Odoo server a cron worker runs beside. Its requests count in the
    run's queries and CPU."""
    import odoo
    from odoo.service import server

    odoo.tools.config["http_interface"] = "127.0.0.1"
    httpd = server.ThreadedServer(odoo.http.root)
    httpd.http_spawn()
    return f"http://127.0.0.1:{httpd.port}"


def _copy(source, name, base_url):
    """A fresh copy of ``source`` served at ``base_url``, its report
    stylesheets built (as a server in use has them): its registry."""
    import odoo
    from odoo.service import db

    if name in db.list_dbs(True):
        db.exp_drop(name)
    db.exp_duplicate_database(source, name)
    odoo.tools.config["dbfilter"] = f"^{name}$"
    registry = odoo.modules.registry.Registry(name)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("report.url", base_url)
        for bundle in ("web.report_assets_common", "web.report_assets_pdf"):
            env["ir.qweb"]._get_asset_bundle(bundle, js=False).css()
    return registry


def _installed(registry, module):
    with registry.cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", (module,))
        row = cr.fetchone()
    return bool(row) and row[0] == "installed"


def wkhtmltopdf_takes_batches():
    """Whether this wkhtmltopdf renders several documents in one call, as
    Odoo asks it to for a batch of letters: only when built with patched Qt
    (Debian's is not: it renders one document, or nothing)."""
    from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    except OSError:
        return False
    return "patched qt" in version.lower()


@contextmanager
def html_letters(enabled):
    """Letters rendered as HTML instead of PDF while ``enabled``: Odoo's own
    fallback when it runs tests (``test_enable``), nothing else changed."""
    import odoo

    saved = odoo.tools.config["test_enable"]
    odoo.tools.config["test_enable"] = saved or enabled
    try:
        yield
    finally:
        odoo.tools.config["test_enable"] = saved


def _runs(second):
    return ("first", "second") if second else ("first",)


def bench_ours(source, day, keep, base_url, letters="pdf", second=True, send=True):
    import odoo

    name = f"{source}_ours"
    registry = _copy(source, name, base_url)
    try:
        if not send:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                env["account.dunning.scenario"].search([]).auto_send = False
        with html_letters(letters == "html"):
            return [
                measure(registry, "ours", run, lambda env: run_ours(env, day))
                for run in _runs(second)
            ]
    finally:
        _drop(name, keep)


def bench_oca(source, day, keep, base_url, letters="pdf", second=True, send=True):
    import odoo

    name = f"{source}_oca"
    registry = _copy(source, name, base_url)
    try:
        if not _installed(registry, "account_credit_control"):
            sys.exit(
                f"{source} has no account_credit_control: generate it with "
                "--create --oca (see the README's Benchmarks)."
            )
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            policy_id = oca_policy(env, env.ref("base.main_company")).id

        def work(env):
            run_oca(env, day, env["credit.control.policy"].browse(policy_id))

        return [measure(registry, "OCA", run, work) for run in _runs(second)]
    finally:
        _drop(name, keep)


def _drop(name, keep):
    from odoo.service import db

    if not keep:
        db.exp_drop(name)


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


def _created(result):
    created = result.created
    if result.error:
        return f"FAILED ({result.error}); committed before: " + _created(
            Measure(result.engine, result.run, created=created)
        )
    if result.engine == "OCA":
        return f"{created.get('credit_lines', 0)} credit lines"
    return (
        f"{created.get('reminders', 0)} reminders ({created.get('reminders_sent', 0)}"
        f" sent, {created.get('reminders_error', 0)} in error) claiming"
        f" {created.get('lines_claimed', 0)} lines; "
        f"{created.get('emails_queued', 0)} emails queued,"
        f" {created.get('emails_sent', 0)} sent"
    )


def report(results, facts):
    """The Markdown table of ``results`` (a list of :class:`Measure`)."""
    memory_note = (
        "the process's peak resident memory during the run (VmHWM reset per"
        " run) / how far it rose above the resident memory at the run's start"
        if all(r.memory_exact for r in results)
        else "the process's lifetime peak resident memory (no per-run reset on"
        " this system)"
    )
    rows = [
        [
            r.engine,
            r.run,
            f"{r.wall:.1f}",
            f"{r.cpu:.1f}",
            f"{r.queries:,}",
            f"{r.sql_time:.1f}",
            f"{r.peak_mb:.0f} / +{r.memory_mb:.0f}",
            _created(r),
            f"{r.load:.2f}",
        ]
        for r in results
    ]
    by = {(r.engine, r.run): r for r in results}
    ours, oca = by.get(("ours", "first")), by.get(("OCA", "first"))
    if ours and oca:
        rows.append(
            [
                "ours/OCA",
                "first",
                benchlib.ratio(ours.wall, oca.wall),
                benchlib.ratio(ours.cpu, oca.cpu),
                benchlib.ratio(ours.queries, oca.queries),
                benchlib.ratio(ours.sql_time, oca.sql_time),
                benchlib.ratio(ours.memory_mb, oca.memory_mb, floor=1.0),
                "",
                "",
            ]
        )
    headers = [
        "engine",
        "run",
        "wall s",
        "CPU s",
        "SQL queries",
        "SQL s",
        "peak RSS MB / +growth",
        "created",
        "load 1 min",
    ]
    lines = [
        f"Open invoices: {facts['invoices']:,}, customers: {facts['customers']:,},"
        f" run date {facts['date']}; open receivable lines due by then:"
        f" {facts['lines_due']:,}; {os.cpu_count()} CPUs; {facts['letters']};"
        f" peak RSS: {memory_note}.",
        "",
        benchlib.markdown_table(headers, rows),
    ]
    if ours and ours.created.get("reminders"):
        lines.append(
            f"\nOurs, first run: {ours.queries / ours.created['reminders']:.1f}"
            f" queries per reminder, {ours.queries / facts['invoices']:.2f} per"
            " open invoice."
        )
    if oca and oca.created.get("credit_lines"):
        lines.append(
            f"OCA, first run: {oca.queries / oca.created['credit_lines']:.1f}"
            f" queries per credit line, {oca.queries / facts['invoices']:.2f} per"
            " open invoice."
        )
    return "\n".join(lines)


def _facts(source, day):
    import odoo

    registry = odoo.modules.registry.Registry(source)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        generated = json.loads(
            env["ir.config_parameter"].get_param(generate.PARAM) or "null"
        )
        if not generated:
            sys.exit(f"{source} was not filled by generate.py.")
        day = day or date.fromisoformat(generated["date"])
        cr.execute(
            "SELECT count(*) FROM account_move_line l"
            " JOIN account_move m ON m.id = l.move_id"
            " JOIN account_account a ON a.id = l.account_id"
            " WHERE m.move_type = 'out_invoice' AND l.parent_state = 'posted'"
            " AND a.account_type = 'asset_receivable' AND NOT l.reconciled"
            " AND l.date_maturity <= %s",
            (day,),
        )
        lines_due = cr.fetchone()[0]
    odoo.modules.registry.Registry.delete(source)
    odoo.sql_db.close_db(source)
    return day, dict(generated, date=day.isoformat(), lines_due=lines_due)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="database of generate.py")
    parser.add_argument("--date", help="run date, ISO (default: the generated one)")
    parser.add_argument("--engines", default="ours,oca")
    parser.add_argument(
        "--second",
        default="ours,oca",
        help="engines run a second time the same day (OCA's second run redoes "
        "its draft lines, slowly at 100k)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the copies")
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="our scenarios do not send (OCA's run prepares lines, sends nothing)",
    )
    parser.add_argument(
        "--letters",
        choices=("auto", "pdf", "html"),
        default="auto",
        help="how our letters are rendered; auto: PDF if this wkhtmltopdf "
        "renders batches, else HTML",
    )
    return parser.parse_known_args(argv)


def main(argv=None):
    args, odoo_args = parse_args(argv)
    benchlib.configured_odoo(odoo_args)
    day, facts = _facts(
        args.source, date.fromisoformat(args.date) if args.date else None
    )
    letters = args.letters
    if letters == "auto":
        letters = "pdf" if wkhtmltopdf_takes_batches() else "html"
    facts["letters"] = (
        "preparation only (our scenarios do not send)"
        if args.prepare_only
        else f"our letters rendered as {letters.upper()}"
    )
    engines = {"ours": bench_ours, "oca": bench_oca}
    base_url = serve_http()
    second = {engine.strip() for engine in args.second.split(",")}
    results = []
    for engine in args.engines.split(","):
        engine = engine.strip()
        results += engines[engine](
            args.source,
            day,
            args.keep,
            base_url,
            letters,
            engine in second,
            send=not args.prepare_only,
        )
    print(report(results, facts))


if __name__ == "__main__":
    main()
