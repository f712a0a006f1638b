from odoo import api, models


class ReportCourtFile(models.AbstractModel):
    _name = "report.account_dunning_fr.report_court_file"
    _description = "Order for payment file (cover page)"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The claim of each customer, computed in its language before
        rendering: a missing rate is the UserError saying which rate to add,
        not an error inside the template."""
        docs = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": docs._name,
            "docs": docs,
            "files": {
                doc.id: doc.with_context(lang=doc.lang)._dunning_court_file_values()
                for doc in docs
            },
        }
