from odoo import api, models


class ReportFormalNotice(models.AbstractModel):
    _name = "report.account_dunning_fr.report_formal_notice"
    _description = "Formal notice"

    @api.model
    def _get_report_values(self, docids, data=None):
        """What each formal notice states, computed in its letter's language
        before rendering: a missing rate is the UserError saying which rate to
        add, not an error inside the template."""
        docs = self.env["account.dunning.reminder"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": docs._name,
            "docs": docs,
            "notices": {
                doc.id: doc.with_context(
                    lang=doc._letter_lang()
                )._formal_notice_values()
                for doc in docs
            },
        }
