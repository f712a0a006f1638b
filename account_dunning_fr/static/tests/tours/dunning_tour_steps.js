import {stepUtils} from "@web_tour/tour_service/tour_utils";

/**
 * Steps every dunning tour starts with: Invoicing > Customers > the menu item
 * of xml id `menuXmlid` (technical names only, never visible labels).
 */
export function openCustomersMenuItem(menuXmlid, content) {
  return [
    ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
    {
      content: "Open the Customers menu",
      trigger:
        ".o_main_navbar button[data-menu-xmlid='account.menu_finance_receivables']",
      run: "click",
    },
    {
      content,
      trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
      run: "click",
    },
  ];
}
