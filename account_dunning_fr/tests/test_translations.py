import html
import re
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from ..lib import analytics, dates, escalation, penalties, promises
from ..models import rule_messages
from .common import DunningCommon

# every English message template of the rules (lib/), by module
LIB_TEMPLATES = {
    escalation: ("NEGATIVE_DELAY", "DELAY_NOT_INCREASING"),
    promises: (
        "NO_INSTALLMENT",
        "AMOUNT_NOT_POSITIVE",
        "CANNOT_SPLIT",
        "UNKNOWN_UNIT",
        "INTERVAL_TOO_SHORT",
        "ADD_INSTALLMENT",
        "INSTALLMENT_NOT_POSITIVE",
        "DATES_NOT_INCREASING",
        "SUM_DIFFERS",
        "INSTALLMENT_IN_THE_PAST",
        "PROMISE_IN_THE_PAST",
        "PROMISE_TOO_FAR",
    ),
    penalties: ("MISSING_RATE", "RATE_BELOW_MINIMUM"),
    analytics: (
        "MIN_INVOICES_TOO_LOW",
        "RATIO_OUT_OF_RANGE",
        "NEGATIVE_DAYS",
        "BROKEN_PROMISES_TOO_LOW",
        "GOOD_RATIO_ABOVE_CHRONIC",
        "GOOD_DAYS_ABOVE_CHRONIC",
    ),
    dates: (
        "TERM_DAYS_EXCEEDED",
        "TERM_END_OF_MONTH_EXCEEDED",
        "TERM_PERIODIC_EXCEEDED",
        "SECTOR_PERISHABLE_EXCEEDED",
        "SECTOR_LIVESTOCK_EXCEEDED",
        "SECTOR_ALCOHOL_EXCEEDED",
    ),
}


@tagged("post_install", "-at_install")
class TestTranslations(DunningCommon):
    """English source, French translation: each customer reads its own language.

    One database, a French customer (fr_FR) and an English one (en_US): the
    reminder email, the reminder letter and the formal notice come out in each
    customer's language; the amount in words stays French, with a sentence
    saying so in a letter that is not French.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.lang = "fr_FR"
        cls.english_customer = cls.env["res.partner"].create(
            {
                "name": "Harbour Trading Ltd",
                "is_company": True,
                "email": "accounts@harbour-trading.example.com",
                "lang": "en_US",
            }
        )
        cls.level_notice.write({"apply_penalties": True, "apply_indemnity": True})
        cls.env["res.partner.bank"].create(
            {
                "acc_number": "FR7630006000011234567890189",
                "partner_id": cls.company.partner_id.id,
            }
        )

    def reminder(self, partner, level, day=date(2025, 3, 2)):
        move = self._invoice(
            partner=partner,
            amount=1850.0,
            invoice_date=date(2025, 1, 1),
            due=date(2025, 1, 31),
        )
        return self.dunning_reminder(move, level, day)

    @staticmethod
    def text(content):
        if isinstance(content, bytes):
            content = content.decode()
        text = html.unescape(re.sub(r"<[^>]+>", " ", content))
        return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))

    def render(self, xmlid, reminder):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            xmlid, reminder.ids
        )
        return self.text(content)

    def email(self, reminder):
        template = self.env.ref("account_dunning_fr.mail_template_dunning_reminder")
        values = template._generate_template(reminder.ids, ("subject", "body_html"))[
            reminder.id
        ]
        return self.text(values["subject"]), self.text(values["body_html"])

    def test_reminder_email_in_the_customer_language(self):
        subject, body = self.email(self.reminder(self.customer, self.level_email))
        self.assertIn("factures impayées (réf. ", subject)
        for expected in (
            "Madame, Monsieur,",
            "Sauf erreur ou omission de notre part",
            "Reste dû",
            "Vous trouverez notre lettre en pièce jointe.",
            "Service comptabilité clients",
        ):
            self.assertIn(expected, body)
        self.assertNotIn("Dear Sir or Madam", body)

        subject, body = self.email(
            self.reminder(self.english_customer, self.level_email)
        )
        self.assertIn("unpaid invoices (ref. ", subject)
        for expected in (
            "Dear Sir or Madam,",
            "Unless we are mistaken, the invoices below are overdue",
            "Balance due",
            "Please find our letter attached.",
            "Accounts receivable department",
        ):
            self.assertIn(expected, body)
        self.assertNotIn("Madame", body)

    def test_reminder_letter_in_the_customer_language(self):
        xmlid = "account_dunning_fr.action_report_dunning_letter"
        french = self.render(xmlid, self.reminder(self.customer, self.level_letter))
        for expected in (
            "Relance : factures impayées",
            "Madame, Monsieur,",
            # no reminder was sent before this one: the letter says none
            "restent impayées à ce jour bien que leur échéance soit passée",
            "Jours de retard",
            "Règlement par virement : IBAN",
            "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.",
        ):
            self.assertIn(expected, french)
        self.assertNotIn("Yours faithfully", french)
        self.assertNotIn("Malgré", french)

        english = self.render(
            xmlid, self.reminder(self.english_customer, self.level_letter)
        )
        for expected in (
            "Reminder: unpaid invoices",
            "Dear Sir or Madam,",
            "remain unpaid to date although they are past due",
            "Days late",
            "Payment by bank transfer: IBAN",
            "Yours faithfully,",
        ):
            self.assertIn(expected, english)
        self.assertNotIn("Madame", english)

    def test_formal_notice_in_the_customer_language(self):
        xmlid = "account_dunning_fr.action_report_formal_notice"
        words = "mille neuf cent dix euros"  # 1 850 + 20 of penalties + 40
        french = self.render(xmlid, self.reminder(self.customer, self.level_notice))
        for expected in (
            "Lettre recommandée avec accusé de réception",
            "MISE EN DEMEURE DE PAYER",
            "Madame, Monsieur,",
            "Soit en toutes lettres : " + words,
            "13,15 %",
            "Par la présente, nous vous mettons en demeure",
            "article L441-10 du Code de commerce",
        ):
            self.assertIn(expected, french)
        self.assertNotIn("written in French", french)
        self.assertNotIn("écrit en français", french)

        english = self.render(
            xmlid, self.reminder(self.english_customer, self.level_notice)
        )
        for expected in (
            "Registered letter with acknowledgement of receipt",
            "FORMAL NOTICE TO PAY",
            "Dear Sir or Madam,",
            "In words: " + words,
            "The amount in words is written in French: this formal notice is a "
            "French legal document.",
            "13.15%",
            "We hereby give you formal notice",
            "article L441-10 of the French Commercial Code",
        ):
            self.assertIn(expected, english)
        self.assertNotIn("Madame", english)

    def test_the_translatable_templates_are_the_lib_messages(self):
        """models/rule_messages.py repeats each English template of lib/ inside
        env._(): the two texts stay identical and each has its French."""
        lib = {
            getattr(module, name)
            for module, names in LIB_TEMPLATES.items()
            for name in names
        }
        english = rule_messages._templates(self.env(context={"lang": "en_US"}))
        self.assertEqual(set(english), lib, "a lib template is not translatable")
        for template, text in english.items():
            self.assertEqual(text, template)
        french = rule_messages._templates(self.env(context={"lang": "fr_FR"}))
        for template, text in french.items():
            self.assertNotEqual(text, template, f"no French for {template!r}")

    def test_rule_messages_in_the_user_language(self):
        for lang, expected in (
            ("en_US", "each level must have a longer delay than the previous one"),
            ("fr_FR", "chaque niveau doit avoir un délai plus long que le précédent"),
        ):
            with self.assertRaisesRegex(ValidationError, expected):
                self.env["account.dunning.level"].with_context(lang=lang).create(
                    {
                        "scenario_id": self.scenario.id,
                        "sequence": 50,
                        "name": "Trop tôt",
                        "delay_days": 5,
                    }
                )
        rate = self.env["account.dunning.rate"].search(
            [("date_start", "=", date(2025, 7, 1))]
        )
        self.assertEqual(rate.with_context(lang="en_US").name, "H2 2025")
        self.assertEqual(rate.with_context(lang="fr_FR").name, "2e semestre 2025")
        error = penalties.ContractualRateError(2, (2025, 2), 8.28)
        self.assertIn(
            "2.00% is below the legal minimum of 8.28% for H2 2025",
            rule_messages.rule_message(self.env(context={"lang": "en_US"}), error),
        )
        self.assertIn(
            "2,00\u00a0% est inférieur au minimum légal de 8,28\u00a0% pour le "
            "2e semestre 2025",
            rule_messages.rule_message(self.env(context={"lang": "fr_FR"}), error),
        )

    def test_the_scheduler_writes_in_its_user_language(self):
        """A scheduled action runs without a language in its context: the
        daily run, then Odoo's mail queue sending its emails, write their
        chatter notes in the language of the cron's user, French in a database
        created in French."""
        self.env.ref("base.user_root").lang = "fr_FR"
        invoice = self._invoice(due=date(2025, 1, 31))
        with freeze_time("2025-02-01"):
            for cron in (
                "account_dunning_fr.ir_cron_dunning_escalation",
                "mail.ir_cron_mail_scheduler_action",
            ):
                self.env.ref(cron).method_direct_trigger()
        notes = " ".join(invoice.dunning_reminder_ids.message_ids.mapped("body"))
        self.assertIn("envoyée par courriel", notes)
        self.assertNotIn("sent by email", notes)
