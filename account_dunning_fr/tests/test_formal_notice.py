import html
import io
import re
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tests.common import freeze_time
from odoo.tools.pdf import PdfFileReader

from .common import DunningCommon, one_page_pdf


@tagged("post_install", "-at_install")
class TestFormalNotice(DunningCommon):
    """What the letters say, rendered by Odoo's report engine."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.lang = "fr_FR"
        cls.level_notice.write(
            {"apply_penalties": True, "apply_indemnity": True, "notice_days": 15}
        )
        cls.env["res.partner.bank"].create(
            {
                "acc_number": "FR7630006000011234567890189",
                "partner_id": cls.company.partner_id.id,
            }
        )
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "Jean Dupuis",
                "dunning_debtor_kind": "consumer",
                "lang": "fr_FR",
                "street": "3 rue des Lilas",
                "zip": "69003",
                "city": "Lyon",
            }
        )

    def render(self, xmlid, reminders):
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            xmlid, reminders.ids
        )
        text = html.unescape(re.sub(r"<[^>]+>", " ", content.decode()))
        return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))

    def notice_for(self, moves, day, **values):
        return self.dunning_reminder(moves, self.level_notice, day, **values)

    def test_professional_formal_notice(self):
        move = self._invoice(
            amount=12345.67, invoice_date=date(2025, 2, 13), due=date(2025, 3, 15)
        )
        self.dunning_reminder(move, self.level_email, date(2025, 3, 16), state="sent")
        self.dunning_reminder(move, self.level_letter, date(2025, 3, 30), state="sent")
        notice = self.notice_for(
            move, date(2025, 8, 2), registered_number="1A 234 567 8901 2"
        )
        text = self.render("account_dunning_fr.action_report_formal_notice", notice)
        for expected in (
            "Lettre recommandée avec accusé de réception",
            "1A 234 567 8901 2",
            "MISE EN DEMEURE",
            "Boulangerie Martin SARL",
            move.name,
            "16/03/2025",
            "30/03/2025",
            "13,15 %",
            "12,15 %",
            "107",
            "33",
            "611,53",
            "40,00",
            "12 997,20",
            "douze mille neuf cent quatre-vingt-dix-sept euros et vingt centimes",
            "17/08/2025",
            "L441-10",
            "D441-5",
            "injonction de payer",
            "tribunal de commerce",
            "FR76 3000 6000 0112 3456 7890 189",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("1231-6", text)

    def test_consumer_formal_notice(self):
        move = self._invoice(
            partner=self.consumer,
            amount=1850.0,
            invoice_date=date(2025, 5, 1),
            due=date(2025, 5, 31),
        )
        notice = self.notice_for(move, date(2025, 6, 18))
        text = self.render("account_dunning_fr.action_report_formal_notice", notice)
        for expected in (
            "MISE EN DEMEURE",
            "1231-6",
            "1344",
            "intérêts au taux légal",
            "tribunal judiciaire",
            "1 850,00",
            "mille huit cent cinquante euros",
        ):
            self.assertIn(expected, text)
        for absent in ("D441-5", "Indemnité", "Pénalités de retard"):
            self.assertNotIn(absent, text)
        self.assertEqual((notice.penalty_amount, notice.indemnity_amount), (0.0, 0.0))

    def test_forty_invoices(self):
        moves = self.env["account.move"]
        for index in range(40):
            moves |= self._invoice(
                amount=100.0 + index,
                invoice_date=date(2025, 1, 1),
                due=date(2025, 1, 31),
            )
        notice = self.notice_for(moves, date(2025, 3, 2))
        text = self.render("account_dunning_fr.action_report_formal_notice", notice)
        for move in moves:
            self.assertIn(move.name, text)
        principal = sum(100.0 + index for index in range(40))
        self.assertAlmostEqual(notice.amount_residual, principal, places=2)
        self.assertAlmostEqual(notice.indemnity_amount, 1600.0, places=2)
        self.assertIn("40 × 40 €", text)
        self.assertIn("4 780,00", text)

    def test_foreign_currency_formal_notice(self):
        usd = self.setup_other_currency("USD", rates=[("2025-01-01", 1.25)])
        move = self._invoice(
            amount=1000.0,
            invoice_date=date(2025, 7, 1),
            due=date(2025, 7, 31),
            currency=usd,
        )
        notice = self.notice_for(move, date(2025, 8, 30))
        text = self.render("account_dunning_fr.action_report_formal_notice", notice)
        self.assertIn("$", text)
        self.assertIn("1 059,99", text)
        self.assertIn(
            "mille cinquante-neuf dollars américains et quatre-vingt-dix-neuf cents",
            text,
        )

    def test_letter_tone_rises_with_the_level(self):
        move = self._invoice(
            amount=420.5, invoice_date=date(2025, 1, 1), due=date(2025, 1, 31)
        )
        courtesy = self.dunning_reminder(move, self.level_email, date(2025, 2, 1))
        firm = self.dunning_reminder(move, self.level_letter, date(2025, 2, 15))
        courtesy_text = self.render(
            "account_dunning_fr.action_report_dunning_letter", courtesy
        )
        firm_text = self.render("account_dunning_fr.action_report_dunning_letter", firm)
        self.assertIn("Il s'agit sans doute d'un oubli", courtesy_text)
        self.assertIn("au plus tard sous huit jours", firm_text)
        for text in (courtesy_text, firm_text):
            self.assertIn(move.name, text)
            self.assertIn("420,50", text)
            self.assertIn("FR76 3000 6000 0112 3456 7890 189", text)
            self.assertIn("/my/invoices/%s" % move.id, text)

    def test_formal_notice_level_prints_the_formal_notice(self):
        move = self._invoice(
            amount=900.0, invoice_date=date(2025, 1, 1), due=date(2025, 1, 31)
        )
        notice = self.notice_for(move, date(2025, 3, 5))
        self.assertEqual(
            notice._letter_report(),
            self.env.ref("account_dunning_fr.action_report_formal_notice"),
        )
        notice.action_send()
        self.assertEqual(notice.state, "sent")
        self.assertTrue(notice.letter_attachment_id)
        self.assertTrue(self.customer.dunning_credit_hold)

    @freeze_time("2025-05-15")
    def test_court_file(self):
        moves = self._invoice(
            amount=2150.0, invoice_date=date(2025, 1, 1), due=date(2025, 1, 31)
        )
        moves |= self._invoice(
            amount=300.0, invoice_date=date(2025, 2, 1), due=date(2025, 3, 3)
        )
        notice = self.notice_for(
            moves,
            date(2025, 4, 1),
            registered_number="1A 999",
            acknowledgement_date=date(2025, 4, 3),
        )
        notice.action_send()
        self.env["ir.attachment"].create(
            {
                "name": "Avis de réception.pdf",
                "res_model": notice._name,
                "res_id": notice.id,
                "raw": one_page_pdf("Avis de reception 1A 999"),
                "mimetype": "application/pdf",
            }
        )
        invoices, reminders, attachments = self.customer._dunning_court_file_documents()
        self.assertEqual(invoices, moves)
        self.assertEqual(reminders, notice)
        self.assertEqual(attachments.mapped("name")[-1], "Avis de réception.pdf")
        text = self.render("account_dunning_fr.action_report_court_file", self.customer)
        for expected in (
            "injonction de payer",
            "Boulangerie Martin SARL",
            *moves.mapped("name"),
            "2 450,00",
            notice.name,
            "1A 999",
            "03/04/2025",
        ):
            self.assertIn(expected, text)
        rendered = []

        def render_pdf(report, report_ref, res_ids=None, data=None):
            rendered.append((report_ref, list(res_ids)))
            return one_page_pdf(report_ref), "pdf"

        with patch.object(
            type(self.env["ir.actions.report"]), "_render_qweb_pdf", render_pdf
        ):
            action = self.customer.action_dunning_court_file()
        self.assertEqual(
            rendered,
            [
                ("account_dunning_fr.action_report_court_file", self.customer.ids),
                *(("account.account_invoices", move.ids) for move in moves),
            ],
        )
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("res.partner", self.customer.id)
        )
        # cover, the two invoices, the acknowledgement of receipt: one PDF
        self.assertEqual(PdfFileReader(io.BytesIO(attachment.raw)).getNumPages(), 4)
        self.assertIn(attachment, self.customer.message_ids[0].attachment_ids)

    def test_formal_notice_in_english(self):
        self.customer.lang = "en_US"
        move = self._invoice(
            amount=12345.67, invoice_date=date(2025, 2, 13), due=date(2025, 3, 15)
        )
        notice = self.notice_for(move, date(2025, 8, 2))
        text = self.render("account_dunning_fr.action_report_formal_notice", notice)
        for expected in (
            "Registered letter with acknowledgement of receipt",
            "FORMAL NOTICE TO PAY",
            "Late-payment penalties",
            "article L441-10 of the French Commercial Code",
            "order for payment",
            "Yours faithfully",
            # a French legal document: the amount in words stays French
            "douze mille neuf cent quatre-vingt-dix-sept euros et vingt centimes",
            "The amount in words is written in French",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("MISE EN DEMEURE", text)
