from odoo import fields, models
from odoo.tools import SQL

from ..lib import analytics
from .res_partner import PAYER_PROFILES


def _bucket_condition(days, bucket):
    """SQL: ``days`` past due fall in ``bucket`` (lib/analytics.py)."""
    bounds = []
    if bucket.first is not None:
        bounds.append(SQL("%s >= %s", days, bucket.first))
    if bucket.last is not None:
        bounds.append(SQL("%s <= %s", days, bucket.last))
    return SQL(" AND ").join(bounds)


class AccountDunningAgedBalance(models.Model):
    """Each customer's open receivable by age bucket, today (balance âgée).

    A report read straight from the accounting: the open receivable lines of
    posted entries, residual in company currency, aged by the days past their
    own due date; credits not yet reconciled are aged by theirs, so the buckets
    and the total are net, as in Odoo's aged receivable. One row per company
    and customer (commercial partner).
    """

    _name = "account.dunning.aged.balance"
    _description = "Aged balance"
    _auto = False
    _order = "amount_total desc, id"
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    scenario_id = fields.Many2one(
        "account.dunning.scenario", string="Dunning scenario", readonly=True
    )
    level_id = fields.Many2one(
        "account.dunning.level",
        string="Highest level reached",
        readonly=True,
        help="The highest dunning level reached by an open invoice of the customer.",
    )
    payer_profile = fields.Selection(
        PAYER_PROFILES, string="Payer profile", readonly=True
    )
    amount_not_due = fields.Monetary(string="Not due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30 days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 days", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)

    _depends = {
        "account.move.line": [
            "account_id",
            "parent_state",
            "reconciled",
            "amount_residual",
            "date_maturity",
            "date",
            "partner_id",
            "company_id",
        ],
        "account.account": ["account_type"],
        "account.move": [
            "dunning_level_id",
            "state",
            "payment_state",
            "company_id",
            "commercial_partner_id",
        ],
        "account.dunning.level": ["delay_days"],
        "res.partner": [
            "commercial_partner_id",
            "user_id",
            "dunning_scenario_id",
            "payer_profile",
        ],
        "res.company": ["currency_id", "dunning_scenario_id"],
    }

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        days = SQL(
            "(%s::date - COALESCE(line.date_maturity, line.date))",
            today,
        )
        names = [SQL.identifier(bucket.name) for bucket in analytics.AGE_BUCKETS]
        buckets = SQL(", ").join(
            SQL(
                "SUM(CASE WHEN %s THEN line.amount_residual ELSE 0 END) AS %s",
                _bucket_condition(days, bucket),
                SQL.identifier(bucket.name),
            )
            for bucket in analytics.AGE_BUCKETS
        )
        return SQL(
            """
            WITH open_lines AS (
                -- the open receivable lines, summed by partner before any join
                SELECT MIN(line.id) AS id,
                       line.company_id,
                       line.partner_id,
                       %(buckets)s,
                       SUM(line.amount_residual) AS amount_total
                  FROM account_move_line line
                 WHERE line.account_id IN (
                           SELECT id FROM account_account
                            WHERE account_type = 'asset_receivable'
                       )
                   AND line.parent_state = 'posted'
                   AND line.reconciled IS NOT TRUE
                   AND line.amount_residual != 0
              GROUP BY line.company_id, line.partner_id
            ),
            levels AS (
                -- the highest level reached by an open invoice of the customer
                SELECT DISTINCT ON (move.company_id, move.commercial_partner_id)
                       move.company_id,
                       move.commercial_partner_id,
                       move.dunning_level_id
                  FROM account_move move
                  JOIN account_dunning_level level
                    ON level.id = move.dunning_level_id
                 WHERE move.state = 'posted'
                   AND move.payment_state IN ('not_paid', 'partial')
              ORDER BY move.company_id, move.commercial_partner_id,
                       level.delay_days DESC
            )
            SELECT MIN(open_lines.id) AS id,
                   open_lines.company_id,
                   partner.commercial_partner_id AS partner_id,
                   commercial.user_id,
                   company.currency_id,
                   COALESCE(
                       (commercial.dunning_scenario_id ->> company.id::text)::int,
                       company.dunning_scenario_id
                   ) AS scenario_id,
                   levels.dunning_level_id AS level_id,
                   COALESCE(
                       commercial.payer_profile ->> company.id::text, %(new)s
                   ) AS payer_profile,
                   %(sums)s,
                   SUM(open_lines.amount_total) AS amount_total
              FROM open_lines
              JOIN res_company company ON company.id = open_lines.company_id
         LEFT JOIN res_partner partner ON partner.id = open_lines.partner_id
         LEFT JOIN res_partner commercial
                ON commercial.id = partner.commercial_partner_id
         LEFT JOIN levels
                ON levels.company_id = open_lines.company_id
               AND levels.commercial_partner_id = partner.commercial_partner_id
          GROUP BY open_lines.company_id, partner.commercial_partner_id,
                   commercial.id, company.id, levels.dunning_level_id
            """,
            new=analytics.NEW,
            buckets=buckets,
            sums=SQL(", ").join(
                SQL("SUM(open_lines.%s) AS %s", name, name) for name in names
            ),
        )
