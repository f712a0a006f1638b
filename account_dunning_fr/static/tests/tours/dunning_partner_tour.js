import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * The customer form: its dunning tab with the scenario, the exclusions and
 * the customer's situation.
 */
registry.category("web_tour.tours").add("account_dunning_fr_partner_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account.menu_account_customer",
      "Open the customers"
    ),
    {
      content: "Open the customer (the test data's name)",
      trigger: ".o_kanban_record:contains(Boulangerie Martin SARL)",
      run: "click",
    },
    {
      content: "Its reminders are one click away",
      trigger: ".o-form-buttonbox button[name=action_view_dunning_reminders]",
    },
    {
      content: "Open the dunning tab",
      trigger: ".o_form_view .o_notebook a.nav-link[name=dunning]",
      run: "click",
    },
    {
      content: "The scenario can be chosen",
      trigger:
        ".o_notebook .tab-pane.active .o_field_widget[name=dunning_scenario_id] input",
    },
    {
      content: "The exclusions are there",
      trigger: ".o_notebook .tab-pane.active .o_field_widget[name=dunning_blocked]",
    },
    {
      content: "The credit hold is there",
      trigger: ".o_notebook .tab-pane.active .o_field_widget[name=dunning_credit_hold]",
    },
    {
      content: "The overdue amount is shown",
      trigger:
        ".o_notebook .tab-pane.active .o_field_widget[name=dunning_overdue_amount]",
    },
    {
      content: "The highest level reached is shown",
      trigger: ".o_notebook .tab-pane.active .o_field_widget[name=dunning_level_max]",
    },
    {
      content: "The payer profile is shown",
      trigger: ".o_notebook .tab-pane.active .o_field_widget[name=payer_profile]",
    },
  ],
});
