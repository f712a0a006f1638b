import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * The demo's first morning, whatever the day: Invoicing > Customers >
 * Reminders to validate lists the reminders the daily run prepared, none in
 * error (no row in red, the "In error" filter empty), and a reminder opens
 * without the error banner. Technical names only.
 */
registry.category("web_tour.tours").add("account_dunning_fr_demo_morning_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account_dunning_fr.menu_dunning_queue",
      "Open the morning worklist"
    ),
    {
      content: "The run prepared reminders, none of them in error",
      trigger:
        ".o_list_view:not(:has(.o_data_row.text-danger)) .o_data_row .o_data_cell[name=partner_id]",
    },
    {
      content: "Open the first reminder",
      trigger: ".o_list_view .o_data_row:first .o_data_cell[name=partner_id]",
      run: "click",
    },
    {
      content: "It waits for approval, with no error to fix",
      trigger:
        ".o_form_view:not(:has(.alert-danger)) .o_field_widget[name=state] .o_arrow_button_current[data-value=draft]",
    },
  ],
});
