import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * The print queue: Invoicing > Customers > Reminder history, select all the
 * reminders, print their letters in one PDF, then mark them as printed.
 */
registry.category("web_tour.tours").add("account_dunning_fr_print_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account_dunning_fr.menu_dunning_reminders",
      "Open the reminders"
    ),
    {
      content: "Select all the reminders",
      trigger: ".o_list_view thead .o_list_record_selector input",
      run: "click",
    },
    {
      content: "Print their letters",
      trigger: ".o_control_panel button[name=action_print]",
      run: "click",
    },
    {
      content: "Still on the list, the reminders still selected",
      trigger: ".o_list_view .o_data_row.o_data_row_selected",
    },
    {
      content: "Mark them as printed",
      trigger: ".o_control_panel button[name=action_mark_printed]",
      run: "click",
    },
    {
      content: "The letters are marked as printed",
      trigger:
        ".o_list_view .o_data_row .o_data_cell[name=is_printed] input:checked",
    },
  ],
});
