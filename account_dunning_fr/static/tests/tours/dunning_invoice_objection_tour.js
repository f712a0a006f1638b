import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * An overdue invoice: open its dunning tab, record the customer's objection
 * through the wizard, see it listed on the invoice.
 *
 * The test puts the objection type to pick first in the catalogue, so the
 * tour takes the first suggestion instead of typing a (translatable) name.
 */
registry.category("web_tour.tours").add("account_dunning_fr_invoice_objection_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account.menu_action_move_out_invoice_type",
      "Open the customer invoices"
    ),
    {
      content: "Open the overdue invoice",
      trigger: ".o_list_view .o_data_row .o_data_cell[name=name]",
      run: "click",
    },
    {
      content: "Open the dunning tab",
      trigger: ".o_form_view .o_notebook a.nav-link[name=dunning]",
      run: "click",
    },
    {
      content: "The dunning follow-up is shown",
      trigger: ".o_notebook .tab-pane.active .o_field_widget[name=dunning_level_id]",
    },
    {
      content: "No objection yet",
      trigger:
        ".o_notebook .tab-pane.active:not(:has(.o_field_widget[name=dunning_objection_ids]))",
    },
    {
      content: "Record an objection",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_dunning_register_objection]",
      run: "click",
    },
    {
      content: "The wizard is on this invoice",
      trigger: ".modal .o_field_widget[name=move_ids] .o_tag",
    },
    {
      content: "Open the objection types",
      trigger: ".modal .o_field_widget[name=type_id] input",
      run: "click",
    },
    {
      // Not the "loading" placeholder the dropdown shows first.
      content: "Pick the first objection type",
      trigger:
        ".modal .o_field_widget[name=type_id] .o-autocomplete--dropdown-item:first-child a:not(.o_loading)",
      run: "click",
    },
    {
      content: "The objection type is set",
      trigger:
        ".modal .o_field_widget[name=type_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(/.+/)",
    },
    {
      content: "The recommended answer is shown",
      trigger: ".modal .o_field_widget[name=answer]",
    },
    {
      content: "Confirm",
      trigger: ".modal .modal-footer button[name=action_confirm]",
      run: "click",
    },
    {
      content: "The objection is listed on the invoice",
      trigger:
        "body:not(:has(.modal)) .o_notebook .tab-pane.active .o_field_widget[name=dunning_objection_ids] .o_data_row",
    },
  ],
});
