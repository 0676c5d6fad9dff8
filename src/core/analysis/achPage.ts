// How many rows the ACH matrix's page shows at first and adds with each "Show more" (issue 15).
// The extension sends the page those rows only (extension/analysis/achPanel.ts), and the page
// asks for the next ones (media/webview/ach.ts): one number for both, in a module the page's
// bundle can take without the rest of the core.

export const ACH_PAGE_ROWS = 200;
