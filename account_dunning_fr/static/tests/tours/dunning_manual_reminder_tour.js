import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * A reminder written by hand: Invoicing > Customers > Reminder history, New,
 * choose the customer (the test's "Boulangerie Martin SARL"):
 * its overdue invoice, contact, level and channel fill in; save.
 */
registry.category("web_tour.tours").add("account_dunning_fr_manual_reminder_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account_dunning_fr.menu_dunning_reminders",
      "Open the reminders"
    ),
    {
      content: "New reminder",
      trigger: ".o_control_panel .o_list_button_add",
      run: "click",
    },
    {
      content: "Type the customer",
      trigger: ".o_form_view .o_field_widget[name=partner_id] input",
      run: "edit Boulangerie",
    },
    {
      content: "Choose it",
      trigger:
        ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item a:contains(Boulangerie Martin)",
      run: "click",
    },
    {
      content: "Its overdue invoice is listed",
      trigger: ".o_form_view .o_field_widget[name=move_ids] .o_data_row",
    },
    {
      content: "The next level is proposed",
      trigger: ".o_form_view .o_field_widget[name=level_id] input:value(/.+/)",
    },
    {
      content: "The contact is filled in",
      trigger: ".o_form_view .o_field_widget[name=contact_id] input:value(/.+/)",
    },
    {
      content: "Save",
      trigger: ".o_form_view .o_form_button_save",
      run: "click",
    },
    {
      content: "Saved",
      trigger: ".o_form_view .o_form_saved",
    },
  ],
});
