from odoo import models


class AccountDunningReminder(models.Model):
    """The customer answers a reminder on its dunning page of the portal,
    reached from the reminder itself with the reminder's access token."""

    _name = "account.dunning.reminder"
    _inherit = ["account.dunning.reminder", "portal.mixin"]

    def _compute_access_url(self):
        for reminder in self:
            reminder.access_url = "/my/dunning"

    def _dunning_portal_link(self):
        """The full link to the customer's dunning page, with the token."""
        self.ensure_one()
        return self.get_base_url() + self.get_portal_url()
