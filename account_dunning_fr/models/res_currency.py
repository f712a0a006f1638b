from odoo import models
from odoo.exceptions import UserError


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def _dunning_check_rate(self, company, date):
        """Refuse to count in this currency on ``date`` without its exchange
        rate in ``company``: Odoo would convert at 1:1 (40 EUR claimed as 40
        CHF). The company's own currency needs none."""
        self.ensure_one()
        if self == company.currency_id:
            return
        known = (
            self.env["res.currency.rate"]
            .sudo()
            .search_count(
                [
                    ("currency_id", "=", self.id),
                    ("company_id", "in", (False, company.root_id.id)),
                    ("name", "<=", date),
                ],
                limit=1,
            )
        )
        if not known:
            raise UserError(
                self.env._(
                    "No exchange rate for %(currency)s on %(date)s or before in "
                    "%(company)s: without it Odoo would count 1 %(currency)s as "
                    "1 %(company_currency)s. Enter the rate of %(currency)s in "
                    "Accounting > Configuration > Currencies, then try again.",
                    currency=self.name,
                    date=date.strftime("%d/%m/%Y"),
                    company=company.name,
                    company_currency=company.currency_id.name,
                )
            )

    def _dunning_convert(self, amount, to_currency, company, date):
        """``amount`` converted with Odoo's rates of ``date``; a UserError
        naming the rate to enter when one of the two currencies has none (none
        is needed within a currency)."""
        if self == to_currency:
            return to_currency.round(amount)
        for currency in self | to_currency:
            currency._dunning_check_rate(company, date)
        return self._convert(amount, to_currency, company, date)
