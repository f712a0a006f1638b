import {registry} from "@web/core/registry";

/** The date ``days`` days from today, as a date input takes it. */
function isoDateIn(days) {
  const day = new Date();
  day.setDate(day.getDate() + days);
  const month = String(day.getMonth() + 1).padStart(2, "0");
  return `${day.getFullYear()}-${month}-${String(day.getDate()).padStart(2, "0")}`;
}

/**
 * The customer on its dunning page of the portal: it sees its overdue
 * invoices, reports a dispute on the first one, then promises to pay part of
 * the second. The test puts the dispute first among the reasons offered.
 */
registry.category("web_tour.tours").add("account_dunning_fr_portal_tour", {
  url: "/my/dunning",
  steps: () => [
    {
      content: "The overdue invoices are listed",
      trigger: ".o_dunning_portal .o_dunning_invoice:eq(1)",
    },
    {
      content: "Each invoice links to its page, where it can be paid",
      trigger: ".o_dunning_invoice a.btn[href*='/my/invoices/']",
    },
    {
      content: "The first reason offered is the dispute",
      trigger: ".o_dunning_objection_form input[name=type_id]:first",
      run: "click",
    },
    {
      content: "Say what is wrong",
      trigger: ".o_dunning_objection_form textarea[name=note]",
      run: "edit <b>Livraison incomplète</b>",
    },
    {
      content: "Send the objection",
      trigger: ".o_dunning_objection_form button[type=submit]",
      run: "click",
    },
    {
      content: "The objection is recorded",
      trigger: ".o_dunning_portal_message.alert-success[data-answer=objection]",
    },
    {
      content: "It is listed among the answers in progress",
      trigger: ".o_dunning_objection",
    },
    {
      content: "Choose the second invoice",
      trigger: ".o_dunning_promise_form input[name=move_ids]:eq(1)",
      run: "check",
    },
    {
      content: "Promise a date",
      trigger: ".o_dunning_promise_form input[name=date_promised]",
      // a date input takes its value as text, not keystrokes
      run() {
        this.anchor.value = isoDateIn(5);
      },
    },
    {
      content: "Promise an amount",
      trigger: ".o_dunning_promise_form input[name=amount]",
      run: "edit 100",
    },
    {
      content: "Send the promise",
      trigger: ".o_dunning_promise_form button[type=submit]",
      run: "click",
    },
    {
      content: "The promise is recorded",
      trigger: ".o_dunning_portal_message.alert-success[data-answer=promise]",
    },
    {
      content: "It is listed among the answers in progress",
      trigger: ".o_dunning_promise",
    },
  ],
});
