import re
from datetime import timedelta

from odoo import fields, http
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon

from ..lib import penalties
from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningPortal(DunningCommon, AccountTestInvoicingHttpCommon):
    """The customer answers the reminders on its dunning page of the portal.

    Two customers of the French company (Boulangerie Martin, which reads
    French, through a contact of it; Garage Dupont, which reads English) and
    one of a second company each log in as portal users.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        # the penalties run up to today: the rate of the current half-year
        year, half = penalties.half_year_of(cls.today)
        start = cls.today.replace(month=1 if half == 1 else 7, day=1)
        rates = cls.env["account.dunning.rate"]
        if not rates.search([("date_start", "=", start)]):
            rates.create(
                {
                    "date_start": start,
                    "ecb_rate": 2.15,
                    "legal_rate_private": 6.67,
                    "legal_rate_other": 2.62,
                }
            )
        cls.company_2 = cls.setup_other_company(name="Atelier Sud")["company"]
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Menuiserie Bernard", "is_company": True, "lang": "en_US"}
        )
        cls.martin_contact = cls.env["res.partner"].create(
            {
                "name": "Paul Martin",
                "parent_id": cls.customer.id,
                "email": "paul@boulangerie-martin.fr",
                "lang": "fr_FR",
            }
        )
        cls.other_customer.lang = "en_US"
        cls.martin = new_test_user(
            cls.env,
            "martin",
            groups="base.group_portal",
            partner_id=cls.martin_contact.id,
        )
        cls.dupont = new_test_user(
            cls.env,
            "dupont",
            groups="base.group_portal",
            partner_id=cls.other_customer.id,
        )
        cls.bernard = new_test_user(
            cls.env,
            "bernard",
            groups="base.group_portal",
            partner_id=cls.customer_2.id,
            company_id=cls.company_2.id,
            company_ids=[(6, 0, cls.company_2.ids)],
        )
        day = timedelta(days=1)
        cls.old = cls._invoice(
            amount=1000.0, invoice_date=cls.today - 70 * day, due=cls.today - 40 * day
        )
        cls.recent = cls._invoice(
            amount=500.0, invoice_date=cls.today - 40 * day, due=cls.today - 10 * day
        )
        cls.dupont_invoice = cls._invoice(
            partner=cls.other_customer,
            amount=700.0,
            invoice_date=cls.today - 50 * day,
            due=cls.today - 20 * day,
        )
        cls.bernard_invoice = cls._invoice(
            partner=cls.customer_2,
            amount=300.0,
            invoice_date=cls.today - 50 * day,
            due=cls.today - 20 * day,
            company=cls.company_2,
        )
        cls.dispute = cls.env.ref(
            "account_dunning_fr.objection_type_commercial_dispute"
        )
        cls.dispute.sequence = 0
        cls.not_received = cls.env.ref("account_dunning_fr.objection_type_not_received")
        cls.collective = cls.env.ref(
            "account_dunning_fr.objection_type_collective_procedure"
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def page(self, login, url="/my/dunning"):
        if login:
            self.authenticate(login, login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def post(self, route, data, files=None):
        """POST a form of the page, as the browser does; the page it comes
        back to."""
        response = self.url_open(
            route,
            data=dict(data, csrf_token=http.Request.csrf_token(self)),
            files=files,
        )
        self.env.invalidate_all()
        return response

    def shown(self, page):
        """The invoices listed on the page."""
        ids = re.findall(r'class="o_dunning_invoice" data-move-id="(\d+)"', page)
        return self.env["account.move"].browse(int(i) for i in ids)

    def message(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.split("?")[0].endswith("/my/dunning"))
        found = re.search(
            r'class="alert alert-(\w+) o_dunning_portal_message"[^>]*>([^<]*)<',
            response.text,
        )
        self.assertTrue(found, "the page says what happened")
        return found.group(1), found.group(2).strip()

    def portal_notes(self, record, author):
        """What the chatter of ``record`` says came from the portal."""
        return record.message_ids.filtered(
            lambda m: m.author_id == author and "portail client" in m.body
        )

    def count(self, model):
        return self.env[model].search_count([])

    def held(self, moves):
        """Which of ``moves`` dunning leaves aside today."""
        move = self.env["account.move"]
        return move.search(
            [("id", "in", moves.ids), *move._dunning_held_domain(self.today)]
        )

    # ------------------------------------------------------------------
    # 1. Each customer sees its own invoices only
    # ------------------------------------------------------------------
    def test_01_each_customer_sees_only_his_invoices(self):
        martin = self.page("martin")
        self.assertEqual(self.shown(martin), self.old | self.recent)
        # French page: days late, penalties and the 40 EUR indemnity
        self.assertIn("Factures en retard", martin)
        detail = self.old._dunning_penalty_details(self.today)[self.old.id]
        self.assertEqual(detail["days_late"], 40)
        self.assertGreater(detail["penalty"], 0)
        self.assertIn(">40<", martin)
        self.assertIn("40,00", martin)
        self.assertIn(self.old.get_portal_url().split("?")[0], martin)

        self.assertEqual(self.shown(self.page("dupont")), self.dupont_invoice)
        self.assertEqual(self.shown(self.page("bernard")), self.bernard_invoice)

    def test_02_home_card_gives_the_overdue_total_in_each_currency(self):
        usd = self.setup_other_currency("USD", rates=[("2025-01-01", 1.25)])
        dollars = self._invoice(
            partner=self.other_customer,
            amount=150.0,
            invoice_date=self.today - timedelta(days=40),
            due=self.today - timedelta(days=5),
            currency=usd,
        )
        # not due yet: not overdue
        self._invoice(
            partner=self.other_customer,
            amount=90.0,
            invoice_date=self.today,
            due=self.today + timedelta(days=30),
        )
        self.authenticate("dupont", "dupont")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["dunning_overdue"]}
        )
        self.assertRegex(
            counters["dunning_overdue"], r"^700[.,]00\s€ \+ \$\s?150[.,]00$"
        )
        home = self.page(None, "/my")
        self.assertIn('data-placeholder_count="dunning_overdue"', home)
        page = self.page(None)
        row = re.search(
            rf'data-move-id="{dollars.id}">(.*?)</tr>', page, flags=re.DOTALL
        ).group(1)
        self.assertIn("$", row)
        self.assertNotIn("€", row)

    # ------------------------------------------------------------------
    # 2. Answers land with the wizards' effects
    # ------------------------------------------------------------------
    def test_03_dispute_suspends_dunning_and_is_logged_as_from_the_portal(self):
        self.authenticate("martin", "martin")
        response = self.post(
            "/my/dunning/objection",
            {
                "move_id": self.old.id,
                "type_id": self.dispute.id,
                "note": "<script>alert('x')</script> Livraison incomplète",
            },
            files={"attachment": ("bon.txt", b"bon de livraison", "text/plain")},
        )
        self.assertEqual(self.message(response)[0], "success")
        objection = self.old.dunning_objection_ids
        self.assertRecordValues(
            objection,
            [
                {
                    "type_id": self.dispute.id,
                    "partner_id": self.customer.id,
                    "contact_id": self.martin_contact.id,
                    "state": "open",
                    "holds_dunning": True,
                }
            ],
        )
        self.assertFalse(objection.user_id.share, "an accountant follows it up")
        self.assertEqual(self.held(self.old | self.recent), self.old)
        self.assertNotIn("<script", objection.note)
        self.assertIn("&lt;script&gt;", objection.note)
        portal_note = self.portal_notes(objection, self.martin_contact)
        self.assertEqual(portal_note.attachment_ids.name, "bon.txt")
        self.assertNotIn(
            "<script", "".join(self.env["mail.message"].search([]).mapped("body"))
        )
        page = self.page(None)
        self.assertNotIn("<script>alert", page)

    def test_04_invoice_not_received_sends_the_duplicate(self):
        self.authenticate("martin", "martin")
        self.post(
            "/my/dunning/objection",
            {"move_id": self.recent.id, "type_id": self.not_received.id},
        )
        objection = self.recent.dunning_objection_ids
        self.assertEqual(objection.type_id, self.not_received)
        sent = objection.message_ids.filtered("attachment_ids")
        self.assertIn("DUPLICATA", sent.attachment_ids.name)
        self.assertEqual(sent.partner_ids, self.martin_contact)

    def test_05_promise_holds_dunning_until_its_date(self):
        self.authenticate("martin", "martin")
        response = self.post(
            "/my/dunning/promise",
            {
                "move_ids": [self.old.id, self.recent.id],
                "date_promised": str(self.today + timedelta(days=10)),
                "amount": "1 200,50",
            },
        )
        self.assertEqual(self.message(response)[0], "success")
        promise = self.old.dunning_promise_ids
        self.assertRecordValues(
            promise,
            [
                {
                    "partner_id": self.customer.id,
                    "amount": 1200.5,
                    "date_promised": self.today + timedelta(days=10),
                    "state": "open",
                }
            ],
        )
        self.assertEqual(promise.move_ids, self.old | self.recent)
        self.assertEqual(self.held(self.old | self.recent), self.old | self.recent)
        self.assertTrue(self.portal_notes(promise, self.martin_contact))

    def test_06_payment_plan_lands_for_the_accountant_to_approve(self):
        self.authenticate("martin", "martin")
        response = self.post(
            "/my/dunning/plan",
            {
                "move_ids": [self.old.id, self.recent.id],
                "installment_count": "3",
                "first_date": str(self.today + timedelta(days=7)),
            },
        )
        self.assertEqual(self.message(response)[0], "success")
        plan = self.old.dunning_promise_ids
        self.assertEqual(len(plan), 3)
        self.assertEqual(len(set(plan.mapped("plan_ref"))), 1)
        self.assertAlmostEqual(sum(plan.mapped("amount")), 1500.0)
        activity = plan.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertFalse(activity.user_id.share)

    # ------------------------------------------------------------------
    # 4. Security: bad values, other customers' invoices, CSRF
    # ------------------------------------------------------------------
    def test_07_bad_values_are_refused_with_a_message_and_no_record(self):
        self.authenticate("dupont", "dupont")
        invoice = self.dupont_invoice.id
        promise = {
            "move_ids": [invoice],
            "date_promised": str(self.today + timedelta(days=5)),
            "amount": "100",
        }
        cases = [
            (
                "/my/dunning/promise",
                dict(promise, date_promised=str(self.today - timedelta(days=1))),
                "already past",
            ),
            (
                "/my/dunning/promise",
                dict(promise, date_promised=str(self.today + timedelta(days=61))),
                "more than 60 days ahead",
            ),
            ("/my/dunning/promise", dict(promise, date_promised="31/02"), "valid date"),
            ("/my/dunning/promise", dict(promise, amount="abc"), "greater than zero"),
            ("/my/dunning/promise", dict(promise, amount="-5"), "greater than zero"),
            ("/my/dunning/promise", dict(promise, amount="nan"), "greater than zero"),
            ("/my/dunning/promise", dict(promise, amount="700.01"), "at most"),
            ("/my/dunning/promise", dict(promise, move_ids=[]), "at least one"),
            (
                "/my/dunning/objection",
                {"move_id": invoice, "type_id": self.collective.id},
                "reason from the list",
            ),
            (
                "/my/dunning/objection",
                {"move_id": invoice, "type_id": "x"},
                "reason from the list",
            ),
            (
                "/my/dunning/plan",
                {
                    "move_ids": [invoice],
                    "installment_count": "40",
                    "first_date": str(self.today),
                },
                "from 2 to 12",
            ),
        ]
        models = ("account.dunning.objection", "account.dunning.promise")
        before = [self.count(model) for model in models]
        for route, data, text in cases:
            with self.subTest(route=route, data=data):
                kind, message = self.message(self.post(route, data))
                self.assertEqual(kind, "danger")
                self.assertIn(text, message)
        self.assertEqual([self.count(model) for model in models], before)

    def test_08_another_customers_invoice_gives_404(self):
        self.authenticate("martin", "martin")
        models = ("account.dunning.objection", "account.dunning.promise")
        before = [self.count(model) for model in models]
        for foreign in (self.dupont_invoice, self.bernard_invoice):
            for route, data in (
                ("/my/dunning/objection", {"move_id": foreign.id}),
                (
                    "/my/dunning/promise",
                    {
                        "move_ids": [self.old.id, foreign.id],
                        "date_promised": str(self.today),
                        "amount": "10",
                    },
                ),
                (
                    "/my/dunning/plan",
                    {
                        "move_ids": [foreign.id],
                        "installment_count": "2",
                        "first_date": str(self.today),
                    },
                ),
            ):
                with self.subTest(route=route, invoice=foreign.name):
                    data = dict(data, type_id=self.dispute.id)
                    self.assertEqual(self.post(route, data).status_code, 404)
        self.assertEqual(self.url_open("/my/dunning/letter/999999").status_code, 404)
        self.assertEqual([self.count(model) for model in models], before)

    def test_09_a_post_without_csrf_token_is_refused(self):
        self.authenticate("martin", "martin")
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open(
                "/my/dunning/objection",
                data={"move_id": self.old.id, "type_id": self.dispute.id},
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.old.dunning_objection_ids)

    # ------------------------------------------------------------------
    # 3. The reminder carries the link to the page
    # ------------------------------------------------------------------
    def test_10_the_reminder_links_to_the_page_with_its_token(self):
        recent = self._invoice(
            partner=self.other_customer,
            amount=200.0,
            invoice_date=self.today - timedelta(days=32),
            due=self.today - timedelta(days=2),
        )
        reminder = self.run_dunning(self.today, mails_sent=False).filtered(
            lambda r: r.partner_id == self.other_customer and r.channel == "email"
        )
        self.assertEqual(reminder.state, "queued", reminder.error_message)
        emails = reminder.message_ids.filtered(lambda m: m.message_type == "comment")
        link = reminder._dunning_portal_link()
        self.assertIn("/my/dunning?access_token=", link)
        self.assertIn(link.split("/my/dunning")[1], "".join(emails.mapped("body")))
        # not logged in, the link opens the customer's page; the reminder is
        # shown there once its email left, not while it waits in the queue
        self.authenticate(None, None)
        url = link.replace(reminder.get_base_url(), "")
        self.assertNotIn(reminder.name, self.page(None, url))
        letter_url = (
            f"/my/dunning/letter/{reminder.id}?access_token={reminder.access_token}"
        )
        self.assertEqual(self.url_open(letter_url).status_code, 404)
        self.send_queued_emails()
        self.assertEqual(reminder.state, "sent", reminder.error_message)
        page = self.page(None, url)
        self.assertEqual(self.shown(page), self.dupont_invoice | recent)
        self.assertIn(reminder.name, page)
        self.assertEqual(self.url_open(letter_url).status_code, 200)
        self.assertEqual(
            self.url_open("/my/dunning?access_token=wrong").status_code, 404
        )
        # the answer goes through with the token
        response = self.post(
            "/my/dunning/promise",
            {
                "move_ids": [self.dupont_invoice.id],
                "date_promised": str(self.today + timedelta(days=3)),
                "amount": "700",
                "access_token": reminder.access_token,
            },
        )
        self.assertEqual(self.message(response)[0], "success")
        self.assertEqual(self.dupont_invoice.dunning_promise_ids.amount, 700.0)

    # ------------------------------------------------------------------
    # In a real browser
    # ------------------------------------------------------------------
    def test_11_tour_objection_and_promise(self):
        self.start_tour("/my/dunning", "account_dunning_fr_portal_tour", login="martin")
        self.env.invalidate_all()
        self.assertEqual(self.old.dunning_objection_ids.type_id, self.dispute)
        self.assertIn("&lt;b&gt;", self.old.dunning_objection_ids.note)
        self.assertEqual(self.recent.dunning_promise_ids.amount, 100.0)
