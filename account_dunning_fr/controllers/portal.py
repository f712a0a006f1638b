"""The customer's dunning page of the portal: its unpaid invoices, the
reminders it received, and its answers (objection, promise, payment plan).

Everything is read and written as superuser after checking that the invoices
are the customer's own (the commercial partner of the logged-in portal user,
or of the reminder whose access token is in the link): another customer's
invoice gives a 404. What the customer types is checked here, with a message
and no record when wrong, then recorded through the same model methods as the
accountant's wizards, with the same automatic actions.
"""

import base64
import math
from collections import defaultdict

from markupsafe import Markup
from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..lib import promises as promise_rules
from ..models import rule_messages

OPEN_PAYMENT_STATES = ("not_paid", "partial")
MESSAGE_KEY = "account_dunning_fr_message"
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
MAX_INSTALLMENTS = 12


class PortalError(Exception):
    """A value the customer must correct: the message says what."""


class DunningCustomerPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Who is the customer, which invoices are its own
    # ------------------------------------------------------------------
    def _dunning_customer(self, access_token=None):
        """``(customer, contact)``: the commercial partner whose page this
        is and the person answering; ``(None, None)`` for a visitor to log
        in. A token is the one of a reminder sent to the customer."""
        if access_token:
            reminder = (
                request.env["account.dunning.reminder"]
                .sudo()
                .search([("access_token", "=", access_token)], limit=1)
            )
            if not reminder or not consteq(reminder.access_token, access_token):
                raise NotFound()
            customer = reminder.partner_id.commercial_partner_id
            return customer, reminder.contact_id or customer._dunning_recipient()
        user = request.env.user
        if user._is_public():
            return None, None
        return user.partner_id.commercial_partner_id, user.partner_id

    def _dunning_answering(self, access_token=None):
        """The customer and contact answering through a POST: a visitor
        without a reminder's token has nothing to answer."""
        customer, contact = self._dunning_customer(access_token)
        if not customer:
            raise NotFound()
        return customer, contact

    def _dunning_invoices(self, customer):
        return (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", customer.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", OPEN_PAYMENT_STATES),
                ],
                order="invoice_date_due, id",
            )
        )

    def _dunning_own_invoices(self, customer, move_ids):
        """The customer's open invoices ``move_ids``; 404 for any other."""
        try:
            ids = {int(move_id) for move_id in move_ids}
        except (TypeError, ValueError) as error:
            raise NotFound() from error
        moves = request.env["account.move"].sudo().browse(ids).exists()
        if len(moves) != len(ids) or any(
            move.commercial_partner_id != customer
            or move.move_type != "out_invoice"
            or move.state != "posted"
            for move in moves
        ):
            raise NotFound()
        if not moves:
            raise PortalError(request.env._("Select at least one invoice."))
        paid = moves.filtered(lambda m: m.payment_state not in OPEN_PAYMENT_STATES)
        if paid:
            raise PortalError(
                request.env._(
                    "Invoice %(names)s is no longer due: it is paid or being paid.",
                    names=", ".join(paid.mapped("name")),
                )
            )
        if len(moves.company_id) > 1 or len(moves.currency_id) > 1:
            raise PortalError(
                request.env._(
                    "Select invoices issued by the same company in the same "
                    "currency: answer for the others separately."
                )
            )
        return moves

    def _dunning_responsible(self, moves, customer):
        """The accountant who follows up what the customer recorded."""
        users = moves.invoice_user_id | customer.user_id | moves.create_uid
        return users.filtered(lambda user: not user.share)[:1]

    def _dunning_env(self):
        """Where the answers are recorded: as superuser, so that the automatic
        actions run as for the accountant (a portal user's messages, even as
        sudo, drop the attachments it did not upload: the duplicate invoice)."""
        return request.env(user=SUPERUSER_ID, su=True)

    def _dunning_common_vals(self, moves, customer, contact):
        """What the wizards' ``_prepare_common_vals`` gives, for the portal."""
        return {
            "company_id": moves.company_id.id,
            "partner_id": customer.id,
            "contact_id": (
                contact if contact.commercial_partner_id == customer else customer
            ).id,
            "move_ids": [fields.Command.set(moves.ids)],
            "user_id": self._dunning_responsible(moves, customer).id,
        }

    def _dunning_log_portal(self, records, attachments=None):
        """Say in the chatter that the customer answered on the portal,
        signed by the person who answered (the reminder's recipient when it
        came with the reminder's link, not logged in)."""
        user = request.env.user
        author = records[:1].contact_id if user._is_public() else user.partner_id
        body = Markup("<p>%s</p>") % request.env._(
            "Recorded by %(name)s on the customer portal.", name=author.name
        )
        for record in records:
            record.message_post(
                body=body,
                author_id=author.id,
                attachment_ids=attachments.ids if attachments else [],
            )

    # ------------------------------------------------------------------
    # Parsing what the customer typed
    # ------------------------------------------------------------------
    def _dunning_date(self, value):
        try:
            return fields.Date.to_date(value)
        except ValueError as error:
            raise PortalError(request.env._("Enter a valid date.")) from error

    def _dunning_amount(self, value, currency):
        text = (value or "").replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            amount = float(text)
        except ValueError:
            amount = 0.0
        if not math.isfinite(amount) or currency.compare_amounts(amount, 0.0) <= 0:
            raise PortalError(
                request.env._("Enter the amount you will pay, greater than zero.")
            )
        return currency.round(amount)

    def _dunning_dated_invoices(self, customer, value):
        """``(invoices, date)`` of a promise or a plan: the customer's own
        invoices ticked on the page and the date it gives, checked."""
        moves = self._dunning_own_invoices(
            customer, request.httprequest.form.getlist("move_ids")
        )
        date = self._dunning_date(value)
        self._dunning_check_date(moves, date)
        return moves, date

    def _dunning_check_date(self, moves, date):
        if not date:
            raise PortalError(request.env._("Enter a valid date."))
        company = moves.company_id
        today = fields.Date.context_today(moves.with_company(company))
        try:
            promise_rules.check_promise_horizon(
                date, today, company.dunning_portal_promise_days
            )
        except promise_rules.PromiseError as error:
            raise PortalError(rule_messages.rule_message(request.env, error)) from error

    def _dunning_redirect(self, answer, message, kind, access_token=None):
        request.session[MESSAGE_KEY] = {
            "answer": answer,
            "kind": kind,
            "text": message,
        }
        url = "/my/dunning"
        if access_token:
            url += f"?access_token={access_token}"
        return request.redirect(url)

    def _dunning_record(self, access_token, answer, create, done_message):
        """Run ``create`` under a savepoint: a refused value rolls it back
        and comes back to the page with the message. ``answer``: objection,
        promise or plan."""
        try:
            with request.env.cr.savepoint():
                create()
        except (PortalError, UserError, ValidationError) as error:
            message = error.args[0] if error.args else str(error)
            return self._dunning_redirect(answer, message, "danger", access_token)
        return self._dunning_redirect(answer, done_message, "success", access_token)

    # ------------------------------------------------------------------
    # /my home card
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dunning_overdue" in counters:
            customer = request.env.user.partner_id.commercial_partner_id
            values["dunning_overdue"] = self._dunning_overdue_total(customer) or 0
        return values

    def _dunning_overdue_total(self, customer):
        """The amounts overdue, one per currency: "1 200,00 € + 80,00 $"."""
        today = fields.Date.context_today(request.env.user)
        totals = defaultdict(float)
        for move in self._dunning_invoices(customer):
            if move.invoice_date_due and move.invoice_date_due < today:
                totals[move.currency_id] += move.amount_residual
        return " + ".join(
            currency.format(amount)
            for currency, amount in totals.items()
            if not currency.is_zero(amount)
        )

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route("/my/dunning", type="http", auth="public", website=True)
    def portal_my_dunning(self, access_token=None, **kw):
        customer, _contact = self._dunning_customer(access_token)
        if not customer:
            return request.redirect("/web/login?redirect=/my/dunning")
        values = self._prepare_portal_layout_values()
        values.update(self._dunning_page_values(customer, access_token))
        return request.render("account_dunning_fr.portal_my_dunning", values)

    def _dunning_page_values(self, customer, access_token):
        env = request.env
        moves = self._dunning_invoices(customer)
        today = fields.Date.context_today(env.user)
        try:
            details = moves._dunning_penalty_details(today)
        except UserError:
            details = {}
        reminders = (
            env["account.dunning.reminder"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", customer.id),
                    ("state", "=", "sent"),
                ]
            )
        )
        objections = (
            env["account.dunning.objection"]
            .sudo()
            .search([("partner_id", "=", customer.id), ("state", "=", "open")])
        )
        promises = (
            env["account.dunning.promise"]
            .sudo()
            .search([("partner_id", "=", customer.id), ("state", "=", "open")])
        )
        return {
            "page_name": "dunning",
            "customer": customer,
            "access_token": access_token,
            "invoices": [
                {
                    "move": move,
                    "days_late": details.get(move.id, {}).get(
                        "days_late", move.days_overdue
                    ),
                    "penalty": details.get(move.id, {}).get("penalty", 0.0),
                    "indemnity": details.get(move.id, {}).get("indemnity", 0.0),
                    "url": move.get_portal_url(),
                }
                for move in moves
            ],
            "overdue_total": self._dunning_overdue_total(customer),
            "reminders": reminders,
            "objections": objections,
            "promises": promises,
            "objection_types": env["account.dunning.objection.type"]
            .sudo()
            .search([("portal_visible", "=", True)]),
            "max_days": max(moves.company_id.mapped("dunning_portal_promise_days"))
            if moves
            else 0,
            "max_installments": MAX_INSTALLMENTS,
            "today": today,
            "selection_label": lambda record, name: dict(
                record._fields[name]._description_selection(env)
            ).get(record[name]),
            "message": request.session.pop(MESSAGE_KEY, None),
        }

    @http.route(
        "/my/dunning/letter/<int:reminder_id>", type="http", auth="public", website=True
    )
    def portal_my_dunning_letter(self, reminder_id, access_token=None, **kw):
        customer, _contact = self._dunning_customer(access_token)
        reminder = request.env["account.dunning.reminder"].sudo().browse(reminder_id)
        if (
            not customer
            or not reminder.exists()
            or reminder.partner_id.commercial_partner_id != customer
            or reminder.state != "sent"
            or not reminder.letter_attachment_id
        ):
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(reminder.letter_attachment_id)
            .get_response(as_attachment=True)
        )

    @http.route(
        "/my/dunning/objection",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_dunning_objection(
        self, move_id=None, type_id=None, note=None, access_token=None, **kw
    ):
        customer, contact = self._dunning_answering(access_token)
        env = request.env

        def create():
            moves = self._dunning_own_invoices(customer, [move_id])
            kind = env["account.dunning.objection.type"].sudo().browse()
            if (type_id or "").isdigit():
                kind = kind.browse(int(type_id)).exists()
            if not kind.portal_visible or not kind.active:
                raise PortalError(env._("Choose the reason from the list."))
            upload = request.httprequest.files.get("attachment")
            content = upload.read() if upload and upload.filename else b""
            if len(content) > MAX_ATTACHMENT_SIZE:
                raise PortalError(
                    env._("The attached file is too large: at most 10 MB.")
                )
            objection = (
                self._dunning_env()["account.dunning.objection"]
                .with_company(moves.company_id)
                .create(
                    dict(
                        self._dunning_common_vals(moves, customer, contact),
                        type_id=kind.id,
                        note=plaintext2html(note.strip())
                        if note and note.strip()
                        else False,
                    )
                )
            )
            attachments = self._dunning_env()["ir.attachment"]
            if content:
                attachments = attachments.create(
                    {
                        "name": upload.filename,
                        "datas": base64.b64encode(content),
                        "res_model": objection._name,
                        "res_id": objection.id,
                    }
                )
            self._dunning_log_portal(objection, attachments)

        return self._dunning_record(
            access_token,
            "objection",
            create,
            env._("Thank you: your objection is recorded, we will answer it."),
        )

    @http.route(
        "/my/dunning/promise",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_dunning_promise(
        self, date_promised=None, amount=None, access_token=None, **kw
    ):
        customer, contact = self._dunning_answering(access_token)
        env = request.env

        def create():
            moves, date = self._dunning_dated_invoices(customer, date_promised)
            currency = moves.currency_id
            promised = self._dunning_amount(amount, currency)
            residual = sum(moves.mapped("amount_residual"))
            if currency.compare_amounts(promised, residual) > 0:
                raise PortalError(
                    env._(
                        "You promise %(amount)s but %(due)s is due on the selected "
                        "invoices: enter at most the amount due.",
                        amount=currency.format(promised),
                        due=currency.format(residual),
                    )
                )
            promise = (
                self._dunning_env()["account.dunning.promise"]
                .with_company(moves.company_id)
                .create(
                    dict(
                        self._dunning_common_vals(moves, customer, contact),
                        date_promised=date,
                        amount=promised,
                        currency_id=currency.id,
                        channel=False,
                        written_confirmation=True,
                    )
                )
            )
            self._dunning_log_portal(promise)

        return self._dunning_record(
            access_token,
            "promise",
            create,
            env._(
                "Thank you: your payment promise is recorded; no reminder will be "
                "sent for these invoices before that date."
            ),
        )

    @http.route(
        "/my/dunning/plan",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_dunning_plan(
        self, installment_count=None, first_date=None, access_token=None, **kw
    ):
        customer, contact = self._dunning_answering(access_token)
        env = request.env

        def create():
            moves, date = self._dunning_dated_invoices(customer, first_date)
            count = int(installment_count) if (installment_count or "").isdigit() else 0
            if not 2 <= count <= MAX_INSTALLMENTS:
                raise PortalError(
                    env._(
                        "Propose from 2 to %(max)s monthly instalments.",
                        max=MAX_INSTALLMENTS,
                    )
                )
            currency = moves.currency_id
            total = currency.round(sum(moves.mapped("amount_residual")))
            try:
                installments = promise_rules.split_plan(
                    total, count, date, 1, "months", currency.decimal_places
                )
            except promise_rules.PlanError as error:
                raise PortalError(rule_messages.rule_message(env, error)) from error
            promises = (
                self._dunning_env()["account.dunning.promise"]
                .with_company(moves.company_id)
                ._create_plan(
                    self._dunning_common_vals(moves, customer, contact),
                    installments,
                    total,
                    currency,
                    channel=False,
                )
            )
            self._dunning_log_portal(promises)
            promises[:1].activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Approve the payment plan proposed by the customer"),
                note=env._(
                    "%(customer)s proposed payment plan %(plan)s on the portal: "
                    "accept it and send the signed schedule, or cancel its "
                    "instalments and call the customer.",
                    customer=customer.name,
                    plan=promises[:1].plan_ref,
                ),
                user_id=promises[:1].user_id.id,
            )

        return self._dunning_record(
            access_token,
            "plan",
            create,
            env._(
                "Thank you: your payment plan is sent to our accounts department, "
                "which will confirm it to you."
            ),
        )
