from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import KnownChartMixin, set_up_languages


class DunningExchangeCase(KnownChartMixin, AccountTestInvoicingCommon):
    """A French company, a two-level scenario and a customer with a dunning contact.

    The mail-disabling context is dropped: these tests read the chatter. The
    customer and its contact read French, the test user English
    (:func:`~.common.set_up_languages`).
    """

    @classmethod
    def default_env_context(cls):
        return {}

    @classmethod
    @AccountTestInvoicingCommon.setup_country("fr")
    def setUpClass(cls):
        super().setUpClass()
        set_up_languages(cls.env)
        cls.company = cls.company_data["company"]
        cls.company_data_2 = cls.setup_other_company()
        cls.company.external_report_layout_id = cls.env.ref(
            "web.external_layout_standard"
        )
        cls.scenario = cls.env["account.dunning.scenario"].create(
            {
                "name": "Standard test",
                "company_id": cls.company.id,
                "level_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Relance 1",
                            "delay_days": 1,
                            "channel": "letter",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Relance 2",
                            "delay_days": 30,
                            "channel": "letter",
                        }
                    ),
                ],
            }
        )
        cls.level_1, cls.level_2 = cls.scenario.level_ids.sorted("sequence")
        cls.company.dunning_scenario_id = cls.scenario
        cls.customer = cls.partner_a
        cls.customer.write({"email": "compta@client.example", "lang": "fr_FR"})
        cls.accountant = cls.env["res.partner"].create(
            {
                "name": "Mme Comptable",
                "parent_id": cls.customer.id,
                "email": "paie@client.example",
                "lang": "fr_FR",
            }
        )
        cls.customer.dunning_contact_id = cls.accountant

    def make_invoice(
        self, amount=1200.0, invoice_date="2025-03-01", partner=None, post=True
    ):
        invoice = self.init_invoice(
            "out_invoice",
            partner=partner or self.customer,
            invoice_date=fields.Date.to_date(invoice_date),
            amounts=[amount],
            taxes=[],
            post=post,
        )
        return invoice

    def pay(self, invoice, amount, date):
        self.env["account.payment.register"].with_context(
            active_model="account.move",
            active_ids=invoice.ids,
        ).create({"payment_date": date, "amount": amount})._create_payments()

    def messages(self, record):
        return " ".join(
            record.message_ids.mapped(lambda m: m.body or "")
            + record.message_ids.mapped(lambda m: m.subject or "")
        )
