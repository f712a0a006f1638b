import io
from datetime import date

from reportlab.pdfgen import canvas

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def set_up_languages(env):
    """The languages of a French database, whatever the test database has.

    French is active with this addon's French translation (i18n/fr.po)
    loaded; English is active too and the test user, like the scheduler's
    (OdooBot, which French databases create in French), reads it: the
    chatter notes and the errors a test sees are in English, the source
    language, and what a French customer receives is in French.
    """
    env["res.lang"]._activate_lang("en_US")
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(
        ["account_dunning_fr"], ["fr_FR"], overwrite=True
    )
    (env.user | env.ref("base.user_root")).lang = "en_US"
    env.invalidate_all()
    env.registry.clear_cache("default", "templates")


def one_page_pdf(text):
    """A real one-page PDF saying ``text``: what wkhtmltopdf would render
    (tests render reports as HTML)."""
    content = io.BytesIO()
    page = canvas.Canvas(content)
    page.drawString(100, 750, text)
    page.save()
    return content.getvalue()


class KnownChartMixin:
    """Lets PostgreSQL's planner know the chart a test company gets.

    A test's company and its chart exist only in the test's transaction,
    which the statistics of the accounts' tables never saw: the planner then
    takes the new company's ~650 accounts for one and nests loops over them
    (one search of Odoo's own test set-up took 15 to 23 s). ``ANALYZE`` run
    in that transaction counts its own rows (10 ms); it is rolled back with it.
    """

    CHART_TABLES = ("account_account", "account_account_res_company_rel")

    @classmethod
    def _use_chart_template(cls, company, chart_template_ref=None):
        result = super()._use_chart_template(company, chart_template_ref)
        cls.env.flush_all()
        cls.env.cr.execute(f"ANALYZE {', '.join(cls.CHART_TABLES)}")
        return result


class DunningCommon(KnownChartMixin, AccountTestInvoicingCommon):
    """A French company with the standard-like ladder and a few customers.

    The customer reads French: what it receives is asserted in French; the
    test user reads English (:func:`set_up_languages`).
    """

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        set_up_languages(cls.env)
        cls.company = cls.env.company
        cls.scenario = cls._create_scenario(cls.company)
        cls.level_email, cls.level_phone, cls.level_letter, cls.level_notice = (
            cls.scenario.level_ids
        )
        cls.company.dunning_scenario_id = cls.scenario
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Martin SARL",
                "is_company": True,
                "email": "compta@boulangerie-martin.fr",
                "phone": "+33 1 23 45 67 89",
                "country_id": cls.env.ref("base.fr").id,
                "lang": "fr_FR",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {
                "name": "Garage Dupont",
                "is_company": True,
                "email": "contact@garage-dupont.fr",
            }
        )

    @classmethod
    def _create_scenario(cls, company, **values):
        return cls.env["account.dunning.scenario"].create(
            {
                "name": "Standard (test)",
                "company_id": company.id,
                "min_amount": 10.0,
                "auto_send": True,
                "level_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "Rappel",
                            "delay_days": 1,
                            "channel": "email",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "Appel",
                            "delay_days": 8,
                            "channel": "phone",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 30,
                            "name": "Lettre",
                            "delay_days": 15,
                            "channel": "letter",
                            "tone": "firm",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 40,
                            "name": "Mise en demeure",
                            "delay_days": 30,
                            "channel": "registered_letter",
                            "tone": "formal",
                            "is_formal_notice": True,
                            "credit_hold": True,
                        }
                    ),
                ],
                **values,
            }
        )

    @classmethod
    def _invoice(
        cls,
        partner=None,
        amount=1000.0,
        invoice_date=date(2025, 1, 1),
        due=date(2025, 1, 31),
        currency=None,
        company=None,
        move_type="out_invoice",
    ):
        move = cls.init_invoice(
            move_type,
            partner=partner or cls.customer,
            invoice_date=invoice_date,
            amounts=[amount],
            taxes=[],
            currency=currency,
            company=company,
        )
        move.invoice_date_due = due
        move.action_post()
        return move

    @classmethod
    def pay_on_account(cls, amount, day):
        """A customer payment registered without saying which invoice it pays."""
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.customer.id,
                "amount": amount,
                "date": day,
                "journal_id": cls.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        return payment

    def dunning_reminder(self, moves, level, day, **values):
        """A reminder made by hand at ``level`` on ``day`` for ``moves``, all
        of one customer, to their invoicing contact; ``values`` add to it."""
        return self.env["account.dunning.reminder"].create(
            {
                "partner_id": moves.commercial_partner_id.id,
                "contact_id": moves.partner_id[:1].id,
                "level_id": level.id,
                "channel": level.channel,
                "date": day,
                "currency_id": moves.currency_id.id,
                "move_ids": [Command.set(moves.ids)],
                **values,
            }
        )

    def run_dunning(self, day, calls_reached=False, mails_sent=True):
        """The daily run of ``day``; with ``mails_sent`` (the default), Odoo's
        mail queue then sends the emails it queued (tests send no mail by
        themselves, and an email still queued holds the next level of a
        progressive ladder); with ``calls_reached``, the calls it asks for are
        made at once and reach the customer (a call still to make holds it
        too)."""
        reminders = self.env["account.dunning.scenario"]._run_dunning(day)
        if mails_sent:
            self.send_queued_emails()
        if calls_reached:
            for call in reminders.filtered(lambda r: r.state == "to_call"):
                self.reach_by_phone(call, day)
        return reminders

    def send_queued_emails(self):
        """What Odoo's mail queue (its cron) does: send the emails queued."""
        self.env["mail.mail"].sudo().process_email_queue()

    def send(self, reminders):
        """Send ``reminders`` by hand, then let Odoo's mail queue send the
        emails queued: an email reminder is sent when its mail left."""
        result = reminders.action_send()
        self.send_queued_emails()
        return result

    def reach_by_phone(self, reminder, day):
        """Log a call to ``reminder``'s customer that reached him: he will
        call back on ``day``."""
        self.env["account.dunning.call.wizard"].with_context(
            **reminder.action_dunning_log_call()["context"]
        ).create({"outcome": "callback", "callback_date": day}).action_confirm()

    def pay(self, invoice, amount, day):
        return (
            self.env["account.payment.register"]
            .with_context(
                active_model="account.move",
                active_ids=invoice.ids,
            )
            .create({"amount": amount, "payment_date": day})
            ._create_payments()
        )
