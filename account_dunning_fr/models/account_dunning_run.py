import logging
import time
from collections import Counter, deque

import psycopg2

from odoo import api, fields, models
from odoo.modules import module as odoo_module

_logger = logging.getLogger(__name__)

# instalments read per transaction in the preparation phase (whole customers)
PREPARE_BATCH = 2000
# seconds of work per call of the scheduled action, well under the default
# limits of a cron worker (60 s of CPU, 120 s real)
TIME_BUDGET = 40.0


class AccountDunningRun(models.Model):
    """One day's escalation of one company.

    The scheduled action works on it batch by batch, one transaction each:
    first it prepares the reminders of the instalments that are due (by
    customer, in customer order, the position kept in ``cursor``), then it
    sends those of the scenarios that send automatically. A run that was
    interrupted (worker killed, time budget spent, failure) resumes where it
    stopped; a run that is done is read again cheaply when run again the same
    day (only the instalments whose next date has come are read).
    """

    _name = "account.dunning.run"
    _description = "Dunning run"
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="running",
        required=True,
        readonly=True,
        index=True,
    )
    phase = fields.Selection(
        [("prepare", "Preparing"), ("send", "Sending")],
        default="prepare",
        required=True,
        readonly=True,
    )
    cursor = fields.Integer(
        readonly=True,
        help="The last customer prepared: the preparation resumes after it.",
    )
    reminder_ids = fields.One2many(
        "account.dunning.reminder", "run_id", string="Reminders", readonly=True
    )
    prepared_count = fields.Integer(string="Prepared", readonly=True)
    sent_count = fields.Integer(string="Sent", readonly=True)
    error_count = fields.Integer(string="In error", readonly=True)
    date_start = fields.Datetime(string="Started", readonly=True)
    date_end = fields.Datetime(string="Finished", readonly=True)
    log = fields.Text(
        readonly=True, help="What was skipped or failed, and why, batch by batch."
    )

    _sql_constraints = [
        (
            "company_date_unique",
            "UNIQUE(company_id, date)",
            "A company has one dunning run per day.",
        )
    ]

    @api.depends("company_id", "date")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Dunning of %(date)s (%(company)s)",
                date=fields.Date.to_string(run.date),
                company=run.company_id.name,
            )

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    @api.model
    def _run(self, companies, date):
        """Today's run of ``companies`` (resumed or read again), after the
        unfinished runs of earlier days; returns the reminders prepared.

        As the scheduled action (context ``dunning_cron_commit``): one
        transaction per batch, at most :data:`TIME_BUDGET` seconds, progress
        reported to the cron, which calls again while work remains.
        """
        in_cron = self._in_cron()
        deadline = time.monotonic() + TIME_BUDGET if in_cron else None
        runs = self.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "in", ("running", "failed")),
                ("date", "<", date),
            ],
            order="date, id",
        ) | self._runs_of_the_day(companies, date)
        reminders, batches = runs._process(deadline)
        self.env["ir.cron"]._notify_progress(
            done=batches,
            remaining=len(runs.filtered(lambda r: r.state == "running")),
        )
        return reminders

    @api.model
    def _runs_of_the_day(self, companies, date):
        """The run of each company on ``date``, created when missing (two
        processes creating it at once: one wins, the other takes it); a run
        already finished is opened again, to read what changed since."""
        domain = [("company_id", "in", companies.ids), ("date", "=", date)]
        existing = self.search(domain)
        for company in companies - existing.company_id:
            try:
                with self.env.cr.savepoint(flush=True):
                    self.create({"company_id": company.id, "date": date})
            except psycopg2.IntegrityError:
                _logger.info("Dunning run of %s created by another process.", date)
        runs = self.search(domain)
        runs.filtered(lambda r: r.state == "done").write(
            {"state": "running", "phase": "prepare", "cursor": 0}
        )
        runs.filtered(lambda r: not r.date_start).date_start = fields.Datetime.now()
        return runs

    # ------------------------------------------------------------------
    # Batches
    # ------------------------------------------------------------------
    def _process(self, deadline=None):
        """Work on each run, batch after batch, until it is done or the
        deadline passes. A run another process is working on is left to it
        (``FOR UPDATE SKIP LOCKED``); a failure puts the run in ``failed``
        with the reason in its log and goes on with the next company.
        Returns the reminders prepared and the number of batches done."""
        reminders = self.env["account.dunning.reminder"]
        batches = 0
        self.filtered(lambda r: r.state == "failed").state = "running"
        for run in self:
            run = run.with_company(run.company_id)
            customers = None  # to prepare in this call, read at its first batch
            while run.state == "running" and (
                deadline is None or time.monotonic() < deadline
            ):
                run._tune_transaction()
                if not run._lock():
                    _logger.info("%s: another process is on it.", run.display_name)
                    break
                try:
                    with self.env.cr.savepoint():
                        if run.phase == "prepare":
                            if customers is None:
                                customers = deque(run._customers_to_prepare())
                            reminders |= run._prepare_batch(customers)
                        else:
                            run._send_batch()
                except Exception as error:  # noqa: BLE001 - one company never stops another
                    _logger.exception("%s failed", run.display_name)
                    run._append_log(
                        self.env._("Failed, will resume: %(error)s", error=error)
                    )
                    run.state = "failed"
                batches += 1
                self._commit()
        return reminders, batches

    def _tune_transaction(self):
        """The batch's queries are many and each short: PostgreSQL's JIT
        compiles them for longer than they run (1.3 s of the 1.6 s of the
        candidates' query at 100,000 invoices). Off for this transaction."""
        self.env.cr.execute("SET LOCAL jit = off")

    def _lock(self):
        self.env.cr.execute(
            "SELECT id FROM account_dunning_run WHERE id = %s FOR UPDATE SKIP LOCKED",
            (self.id,),
        )
        return bool(self.env.cr.fetchone())

    def _customers_to_prepare(self):
        return self.env["account.move.line"]._dunning_candidate_customers(
            self.company_id, self.date, after_partner=self.cursor
        )

    def _prepare_batch(self, customers):
        """Prepare the reminders of the next whole customers of ``customers``
        (``[(id, instalment ids)]``, consumed), about :data:`PREPARE_BATCH`
        instalments; the sending phase comes when none is left."""
        batch = []
        line_ids = []
        while customers and (not batch or len(line_ids) < PREPARE_BATCH):
            partner_id, ids = customers.popleft()
            batch.append(partner_id)
            line_ids += ids
        if not batch:
            self.write({"phase": "send", "cursor": 0})
            return self.env["account.dunning.reminder"]
        lines = self.env["account.move.line"]._dunning_candidates(
            self.company_id, self.date, line_ids
        )
        try:
            with self.env.cr.savepoint():
                reminders = self._prepare_lines(lines)
        except Exception:  # noqa: BLE001 - isolate the customer at fault
            reminders = self.env["account.dunning.reminder"]
            for partner_lines in lines.grouped("partner_id").values():
                try:
                    with self.env.cr.savepoint():
                        reminders |= self._prepare_lines(partner_lines)
                except Exception as error:  # noqa: BLE001
                    _logger.exception("%s: preparation failed", self.display_name)
                    self._append_log(
                        self.env._(
                            "%(partner)s not prepared, retried at the next run: "
                            "%(error)s",
                            partner=partner_lines.partner_id.display_name,
                            error=error,
                        )
                    )
        self.write(
            {
                "cursor": batch[-1],
                "prepared_count": self.prepared_count + len(reminders),
            }
        )
        return reminders

    def _prepare_lines(self, lines):
        plan, skipped = lines._dunning_plan(self.date)
        self._log_skipped(skipped)
        return self.env["account.dunning.reminder"]._create_from_plan(
            plan, self.company_id, self.date, run=self
        )

    def _send_batch(self):
        """Send the next batch of the run's reminders whose scenario sends
        automatically; the run is done when none is left."""
        Reminder = self.env["account.dunning.reminder"]
        batch = Reminder.search(
            [
                ("run_id", "=", self.id),
                ("state", "=", "draft"),
                ("scenario_id.auto_send", "=", True),
            ],
            limit=Reminder._send_batch_size(),
            order="id",
        )
        if not batch:
            self.write({"state": "done", "date_end": fields.Datetime.now()})
            _logger.info(
                "%s: %d reminders prepared, %d sent, %d in error.",
                self.display_name,
                self.prepared_count,
                self.sent_count,
                self.error_count,
            )
            return
        batch._send_isolated()
        states = Counter(batch.mapped("state"))
        self.write(
            {
                # an email in Odoo's mail queue is sent as far as the run goes
                "sent_count": self.sent_count + states["sent"] + states["queued"],
                "error_count": self.error_count + states["error"],
            }
        )
        for reminder in batch.filtered(lambda r: r.state == "error"):
            self._append_log(
                self.env._(
                    "%(reminder)s (%(partner)s) not sent: %(error)s",
                    reminder=reminder.name,
                    partner=reminder.partner_id.display_name,
                    error=reminder.error_message,
                )
            )

    def _log_skipped(self, skipped):
        reasons = {
            "no_scenario": self.env._("no active scenario with levels"),
            "under_minimum": self.env._("net balance under the scenario minimum"),
        }
        for reason, partners in skipped.items():
            self._append_log(
                self.env._(
                    "%(count)s customer(s) not dunned, %(reason)s: %(names)s",
                    count=len(partners),
                    reason=reasons[reason],
                    names=", ".join(partners[:10].mapped("display_name"))
                    + (" ..." if len(partners) > 10 else ""),
                )
            )

    def _append_log(self, text):
        self.log = (self.log + "\n" if self.log else "") + text

    # ------------------------------------------------------------------
    # Transactions
    # ------------------------------------------------------------------
    @api.model
    def _in_cron(self):
        return bool(self.env.context.get("dunning_cron_commit"))

    @api.model
    def _commit(self):
        """Commit the batch done when running as the cron (never in tests)."""
        if self._in_cron() and not odoo_module.current_test:
            # Deliberate: only the cron's code (ir_cron_data.xml) sets
            # dunning_cron_commit: each batch done stays done when a later
            # one fails or the worker is killed, as Odoo's batched crons do.
            self.env.cr.commit()  # pylint: disable=invalid-commit
