/** The ledger module's public surface: its routers and the services other modules may call. */
import { accountRoutes } from './accounts.routes.js';
import { customerRoutes } from './customers.js';
import { invoiceRoutes } from './invoices.routes.js';
import { journalEntryRoutes } from './journal-entries.routes.js';
import { reportRoutes } from './reports.js';

export { seedChartOfAccounts } from './accounts.service.js';
export { postEntry, reverseEntry } from './journal-entries.service.js';
export { trialBalance } from './reports.js';

export const ledgerRoutes = [
  accountRoutes,
  journalEntryRoutes,
  reportRoutes,
  customerRoutes,
  invoiceRoutes,
];
