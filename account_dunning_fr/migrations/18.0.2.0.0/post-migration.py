"""18.0.2.0.0: dunning by instalment.

The level reached, the last and next reminder dates were the invoice's; they
are now each receivable line's (instalment's), the invoice summing them up.
Each instalment of an invoice takes the invoice's values, so nothing already
reached is chased again; each reminder claims the instalments of its
invoices. The payer figures, now per company, are computed again.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE account_move_line line
           SET dunning_level_id = move.dunning_level_id,
               dunning_date_last = move.dunning_date_last,
               dunning_date_next = move.dunning_date_next,
               dunning_preventive_date = move.dunning_preventive_date
          FROM account_move move, account_account account
         WHERE line.move_id = move.id
           AND move.move_type = 'out_invoice'
           AND account.id = line.account_id
           AND account.account_type = 'asset_receivable'
           AND line.dunning_level_id IS NULL
           AND line.dunning_date_last IS NULL
           AND line.dunning_preventive_date IS NULL
        """
    )
    cr.execute(
        """
        INSERT INTO account_dunning_reminder_line_rel (reminder_id, line_id)
        SELECT rel.reminder_id, line.id
          FROM account_dunning_reminder_move_rel rel
          JOIN account_move_line line ON line.move_id = rel.move_id
          JOIN account_account account
            ON account.id = line.account_id
           AND account.account_type = 'asset_receivable'
         WHERE NOT EXISTS (
                SELECT 1
                  FROM account_dunning_reminder_line_rel claimed
                 WHERE claimed.reminder_id = rel.reminder_id
               )
        ON CONFLICT DO NOTHING
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._dunning_update_payer_profiles()
