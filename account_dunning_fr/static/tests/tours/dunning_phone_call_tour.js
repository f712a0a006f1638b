import {registry} from "@web/core/registry";

/**
 * The phone level is a call to make: on the phone reminder still to approve
 * (the test opens its form), log the call; the customer promises to pay:
 * the promise wizard follows, and the reminder is then sent.
 *
 * Selectors use technical names only (field and button names, values).
 */
registry.category("web_tour.tours").add("account_dunning_fr_phone_call_tour", {
  steps: () => [
    {
      content: "The phone reminder is not sent before the call",
      trigger:
        ".o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=draft]",
    },
    {
      content: "Log the call",
      trigger:
        ".o_form_view .o_statusbar_buttons button[name=action_dunning_log_call]",
      run: "click",
    },
    {
      content: "The call sheet is at hand",
      trigger: ".modal .o_field_widget[name=call_file]",
    },
    {
      content: "The customer was reached and promises to pay",
      trigger: ".modal .o_field_widget[name=outcome] input[data-value=promise]",
      run: "click",
    },
    {
      content: "Save the call",
      trigger: ".modal .modal-footer button[name=action_confirm]",
      run: "click",
    },
    {
      content: "The promise wizard follows",
      trigger: ".modal .o_field_widget[name=date_promised] input",
      run: "edit 12/31/2030",
    },
    {
      content: "Record the promise",
      trigger: ".modal .modal-footer button[name=action_confirm]",
      run: "click",
    },
    {
      content: "The reminder is sent: the customer was reached",
      trigger:
        "body:not(:has(.modal)) .o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=sent]",
    },
  ],
});
