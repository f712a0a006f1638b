import {registry} from "@web/core/registry";
import {openCustomersMenuItem} from
  "@account_dunning_fr/../tests/tours/dunning_tour_steps";

/**
 * The morning screen: Invoicing > Customers > Dashboard, each tile opening the
 * list behind its figure (the reminders to send, the aged balance, the DSO
 * trend). Technical names only: menu xml ids, the tiles' classes, fields.
 */
function backToTheDashboard() {
  return {
    content: "Back to the dashboard",
    trigger: ".o_breadcrumb .breadcrumb-item:first-child a",
    run: "click",
  };
}

registry.category("web_tour.tours").add("account_dunning_fr_dashboard_tour", {
  url: "/odoo",
  steps: () => [
    ...openCustomersMenuItem(
      "account_dunning_fr.menu_dunning_dashboard",
      "Open the dunning dashboard"
    ),
    {
      content: "One email waits to be sent",
      trigger:
        ".o_kanban_record:has(.o_dunning_tile_emails) .o_dunning_headline:contains(1)",
    },
    {
      content: "Open the emails to send",
      trigger: ".o_kanban_record:has(.o_dunning_tile_emails)",
      run: "click",
    },
    {
      content: "The draft reminder is listed",
      trigger: ".o_list_view .o_data_row .o_data_cell[name=partner_id]",
    },
    backToTheDashboard(),
    {
      content: "Open the aged balance",
      trigger: ".o_kanban_record:has(.o_dunning_tile_aged)",
      run: "click",
    },
    {
      content: "The customer's open receivable by age",
      trigger: ".o_list_view .o_data_row .o_data_cell[name=amount_1_30]",
    },
    backToTheDashboard(),
    {
      content: "Open the DSO trend",
      trigger: ".o_kanban_record:has(.o_dunning_tile_dso)",
      run: "click",
    },
    {
      content: "The trend is a graph",
      trigger: ".o_graph_view .o_graph_renderer canvas",
    },
  ],
});
