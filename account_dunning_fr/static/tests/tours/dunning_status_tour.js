import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * Why each overdue invoice is or is not chased: Invoicing > Customers >
 * Invoices to chase shows each invoice's dunning status with its reason;
 * the invoice's Dunning tab says the same, without a next date while the
 * invoice is kept out of dunning.
 *
 * Selectors use technical names only (menu xml ids, field names, the badge
 * decorations of the status), never visible labels.
 */
registry.category("web_tour.tours").add("account_dunning_fr_status_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account_dunning_fr.menu_dunning_invoices",
      "Open the invoices to chase"
    ),
    {
      content: "An invoice waits for its reminder to be sent",
      trigger:
        ".o_list_view .o_data_row .o_data_cell[name=dunning_status] .badge.text-bg-info",
    },
    {
      content: "An invoice with a payment promise is kept out, with its reason",
      trigger:
        ".o_list_view .o_data_row:has(.o_data_cell[name=dunning_status] .badge.text-bg-warning) .o_data_cell[name=dunning_status_note]:not(:empty)",
      run: "click",
    },
    {
      content: "Open its Dunning tab",
      trigger: ".o_form_view .o_notebook a[name=dunning]",
      run: "click",
    },
    {
      content: "The tab says why, and shows no next date while it is held",
      trigger:
        ".o_form_view .tab-pane.active:has(.o_field_widget[name=dunning_status_note]):not(:has(.o_field_widget[name=dunning_date_next]))",
    },
  ],
});
