from odoo import api, fields, models

from ..lib import dates
from . import rule_messages

# Odoo's delay types as (kind of French term, days added to the line's days)
DELAY_KINDS = {
    "days_after": (dates.TERM_DAYS, 0),
    "days_after_end_of_month": (dates.TERM_END_OF_MONTH, 0),
    "days_after_end_of_next_month": (dates.TERM_END_OF_MONTH, 30),
    "days_end_of_month_on_the": (dates.TERM_END_OF_MONTH, 0),
}


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    dunning_lme_warning = fields.Char(
        string="Terms beyond the legal limit",
        compute="_compute_dunning_lme_warning",
        help="Payment terms agreed between businesses may not exceed 60 days from "
        "the invoice date or 45 days end of month (article L441-10 I of the "
        "French Commercial Code).",
    )

    @api.depends("line_ids.nb_days", "line_ids.delay_type", "line_ids.days_next_month")
    def _compute_dunning_lme_warning(self):
        for term in self:
            warnings = []
            for line in term.line_ids:
                kind, extra = DELAY_KINDS.get(line.delay_type, (dates.TERM_DAYS, 0))
                if (
                    line.delay_type == "days_end_of_month_on_the"
                    and (line.days_next_month or "").isdigit()
                ):
                    extra = int(line.days_next_month)
                found = dates.payment_term_warning(max(line.nb_days, 0) + extra, kind)
                if not found:
                    continue
                warning = rule_messages.rule_text(self.env, *found)
                if warning not in warnings:
                    warnings.append(warning)
            term.dunning_lme_warning = " ".join(warnings) or False
