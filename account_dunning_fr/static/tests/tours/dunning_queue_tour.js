import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * The morning worklist: Invoicing > Customers > Reminders to validate, open
 * the draft reminder the daily run prepared, send it after reviewing its email.
 *
 * Selectors use technical names only (menu xml ids, field and button names),
 * never visible labels.
 */
registry.category("web_tour.tours").add("account_dunning_fr_queue_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account_dunning_fr.menu_dunning_queue",
      "Open the reminders waiting for validation"
    ),
    {
      content: "Open the draft reminder",
      trigger: ".o_list_view .o_data_row .o_data_cell[name=partner_id]",
      run: "click",
    },
    {
      content: "The reminder waits for validation",
      trigger:
        ".o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=draft]",
    },
    {
      content: "Send it",
      trigger: ".o_form_view .o_statusbar_buttons button[name=action_compose_email]",
      run: "click",
    },
    {
      content: "Review the email in the composer, then send it",
      trigger: ".modal .modal-footer button.o_mail_send",
      run: "click",
    },
    {
      content: "Its email is queued: the reminder is sent when the mail left",
      trigger:
        ".o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=queued]",
    },
    {
      content: "It can no longer be sent",
      trigger:
        ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_compose_email]))",
    },
  ],
});
