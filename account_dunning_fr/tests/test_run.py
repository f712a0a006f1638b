from datetime import date
from unittest import mock

from odoo import SUPERUSER_ID, api
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import account_dunning_run
from .common import DunningCommon

DAY = date(2025, 3, 3)


class SimulatedCrash(BaseException):
    """The worker killed in the middle of a batch (not an ``Exception``: no
    handler of the run catches it)."""


@tagged("post_install", "-at_install")
class TestRun(DunningCommon):
    """The daily run: one per company and day, in batches, resumable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # each line straight at the level of its delay: three levels at once
        cls.scenario.progressive = False
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    # the names in the reverse order of the ids: the run
                    # goes by customer id, whatever their names
                    "name": f"Client {5 - i}",
                    "is_company": True,
                    "email": f"c{i}@example.com",
                }
                for i in range(6)
            ]
        )
        # overdue by 31, 17 and 3 days: formal notice, letter, email
        cls.invoices = cls.env["account.move"]
        for customer in cls.customers:
            for due in (date(2025, 1, 31), date(2025, 2, 14), date(2025, 2, 28)):
                cls.invoices |= cls._invoice(partner=customer, amount=500.0, due=due)
        cls.expected_level = {
            date(2025, 1, 31): cls.level_notice,
            date(2025, 2, 14): cls.level_letter,
            date(2025, 2, 28): cls.level_email,
        }

    def assert_each_line_dunned_once_at_its_level(self):
        lines = self.invoices._dunning_receivable_lines()
        for line in lines:
            reminders = self.env["account.dunning.reminder"].search(
                [("line_ids", "in", line.ids)]
            )
            self.assertEqual(len(reminders), 1, line.move_id.name)
            self.assertEqual(
                reminders.level_id, self.expected_level[line.date_maturity]
            )
            self.assertEqual(line.dunning_level_id, reminders.level_id)
        self.assertFalse(
            self.env["account.dunning.reminder"].search(
                [("partner_id", "in", self.customers.ids), ("line_ids", "=", False)]
            ),
            "no reminder without instalments",
        )

    def run_of_the_day(self):
        return self.env["account.dunning.run"].search(
            [("company_id", "=", self.company.id), ("date", "=", DAY)]
        )

    def test_one_run_per_company_and_day_in_batches(self):
        with mock.patch.object(account_dunning_run, "PREPARE_BATCH", 4):
            reminders = self.run_dunning(DAY)
        run = self.run_of_the_day()
        self.assertEqual(len(run), 1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.prepared_count, len(reminders))
        self.assertEqual(run.reminder_ids, reminders)
        self.assertEqual(
            len(reminders.filtered(lambda r: r.partner_id in self.customers)), 18
        )
        self.assertEqual(
            run.sent_count, len(reminders.filtered(lambda r: r.state == "sent"))
        )
        self.assert_each_line_dunned_once_at_its_level()
        self.assertFalse(self.run_dunning(DAY), "a second run the same day: nothing")
        self.assertEqual(len(self.run_of_the_day()), 1)

    def test_what_changed_since_the_customers_were_read_is_left_out(self):
        """The call reads its customers' instalments once, its batches come
        later: an invoice paid or kept out of dunning in between is not
        claimed."""
        paid, held = self.invoices[0], self.invoices[4]
        Line = type(self.env["account.move.line"])
        read = Line._dunning_candidate_customers

        def then_paid_and_held(model, company, *args, **kwargs):
            customers = read(model, company, *args, **kwargs)
            if company == self.company:
                self.pay(paid, paid.amount_total, DAY)
                held.dunning_blocked = True
            return customers

        with (
            mock.patch.object(account_dunning_run, "PREPARE_BATCH", 4),
            mock.patch.object(Line, "_dunning_candidate_customers", then_paid_and_held),
        ):
            reminders = self.run_dunning(DAY)
        self.assertFalse(reminders.move_ids & (paid | held))
        self.assertEqual(
            reminders.move_ids, self.invoices - paid - held, "the others are claimed"
        )

    def test_crash_in_the_middle_then_resume(self):
        create = type(self.env["account.dunning.reminder"])._create_from_plan
        calls = []

        def crash_on_the_third_batch(model, plan, *args, **kwargs):
            calls.append(plan)
            if len(calls) == 3:
                raise SimulatedCrash
            return create(model, plan, *args, **kwargs)

        with (
            mock.patch.object(account_dunning_run, "PREPARE_BATCH", 4),
            mock.patch.object(
                type(self.env["account.dunning.reminder"]),
                "_create_from_plan",
                crash_on_the_third_batch,
            ),
        ):
            # not assertRaises: it would roll back the batches done before
            crashed = False
            try:
                self.run_dunning(DAY)
            except SimulatedCrash:
                crashed = True
            self.assertTrue(crashed, "the run crashed in its third batch")
        run = self.run_of_the_day()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.phase, "prepare")
        half = run.reminder_ids
        self.assertTrue(half, "the first batches stay done")
        self.assertLess(len(half), 18)
        resumed = self.run_dunning(DAY)
        self.assertFalse(resumed & half, "nothing prepared twice")
        self.assertEqual(run.state, "done")
        self.assert_each_line_dunned_once_at_its_level()
        self.assertFalse(
            run.reminder_ids.filtered(
                lambda r: r.state == "draft" and r.scenario_id.auto_send
            ),
            "every reminder of an automatic scenario sent after the resume",
        )

    def test_a_customer_that_fails_is_logged_and_the_others_go_on(self):
        failing = self.customers[2]
        prepare = type(self.env["account.dunning.run"])._prepare_lines

        def fail_for_one_customer(run, lines):
            if failing in lines.partner_id:
                raise ValueError("address unreadable")
            return prepare(run, lines)

        with (
            mock.patch.object(
                type(self.env["account.dunning.run"]),
                "_prepare_lines",
                fail_for_one_customer,
            ),
            mute_logger("odoo.addons.account_dunning_fr.models.account_dunning_run"),
        ):
            reminders = self.run_dunning(DAY)
        run = self.run_of_the_day()
        self.assertEqual(run.state, "done")
        self.assertIn(failing.name, run.log)
        self.assertIn("address unreadable", run.log)
        self.assertEqual(
            reminders.partner_id & self.customers, self.customers - failing
        )
        self.assertEqual(
            len(self.run_dunning(DAY).filtered(lambda r: r.partner_id == failing)),
            3,
            "the customer at fault is taken at the next run",
        )

    def test_a_letter_that_fails_to_render_leaves_the_others_sent(self):
        self.level_letter.channel = "letter"
        render = type(self.env["ir.actions.report"])._pre_render_qweb_pdf
        failing = self.customers[1]

        def render_fails_for_one(report, report_ref, res_ids=None, data=None):
            reminders = self.env["account.dunning.reminder"].browse(res_ids)
            if failing in reminders.partner_id:
                raise OSError("wkhtmltopdf crashed")
            return render(report, report_ref, res_ids=res_ids, data=data)

        with (
            mock.patch.object(
                type(self.env["ir.actions.report"]),
                "_pre_render_qweb_pdf",
                render_fails_for_one,
            ),
            mute_logger(
                "odoo.addons.account_dunning_fr.models.account_dunning_reminder"
            ),
        ):
            reminders = self.run_dunning(DAY)
        letters = reminders.filtered(lambda r: r.level_id == self.level_letter)
        self.assertEqual(len(letters), 6)
        in_error = letters.filtered(lambda r: r.state == "error")
        self.assertEqual(in_error.partner_id, failing)
        self.assertIn("wkhtmltopdf crashed", in_error.error_message)
        self.assertEqual(set((letters - in_error).mapped("state")), {"sent"})
        run = self.run_of_the_day()
        self.assertEqual(
            run.error_count, len(reminders.filtered(lambda r: r.state == "error"))
        )
        self.assertIn(failing.name, run.log)

    def test_a_run_another_process_holds_is_left_to_it(self):
        """Two schedulers at once: the second skips the company the first is
        working on (FOR UPDATE SKIP LOCKED on the run)."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            run = env["account.dunning.run"].create(
                {"company_id": env.ref("base.main_company").id, "date": DAY}
            )
            # another process must see the run: committed, removed at the end
            cr.commit()  # pylint: disable=invalid-commit
        try:
            with self.env.registry.cursor() as holder:
                holder.execute(
                    "SELECT id FROM account_dunning_run WHERE id = %s FOR UPDATE",
                    (run.id,),
                )
                with self.env.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    other = env["account.dunning.run"].browse(run.id)
                    reminders, batches = other._process()
                    self.assertFalse(reminders)
                    self.assertEqual(batches, 0)
                    self.assertEqual(other.state, "running")
                    self.assertEqual(other.phase, "prepare")
                    cr.rollback()
                holder.rollback()
        finally:
            with self.env.registry.cursor() as cr:
                cr.execute("DELETE FROM account_dunning_run WHERE id = %s", (run.id,))
                cr.commit()  # pylint: disable=invalid-commit
