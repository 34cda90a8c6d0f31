import type { Migration } from 'kysely';
import * as ledger from './modules/ledger/migrations/2026112202_ledger.js';
import * as ledgerIndexes from './modules/ledger/migrations/2026112203_tenant_led_indexes.js';
import * as fixedAccounts from './modules/ledger/migrations/2026120602_fixed_accounts.js';
import * as leanLedgerIndexes from './modules/ledger/migrations/2026120603_lean_ledger_indexes.js';
import * as balancedPerStatement from './modules/ledger/migrations/2026120604_balanced_per_statement.js';
import * as kernel from './platform/db/migrations/2026112201_kernel.js';
import * as beginFunction from './platform/db/migrations/2026112204_begin_function.js';
import * as webhooks from './platform/db/migrations/2026112205_webhooks.js';
import * as deliveryRedelivery from './platform/db/migrations/2026112206_delivery_redelivery.js';
import * as dispatcherPrivilege from './platform/db/migrations/2026112207_dispatcher_least_privilege.js';
import * as embedTokens from './platform/db/migrations/2026112208_embed_tokens.js';
import * as sealedSequencing from './platform/db/migrations/2026120501_sealed_sequencing.js';
import * as leanBegin from './platform/db/migrations/2026120502_lean_begin.js';
import * as leanSealing from './platform/db/migrations/2026120601_lean_sealing.js';
import * as inlineKeyCheck from './platform/db/migrations/2026120701_inline_key_check.js';

/** Every migration, by name; names are timestamp-prefixed so they sort in apply order. */
export const migrations: Record<string, Migration> = {
  '2026112201_kernel': kernel,
  '2026112202_ledger': ledger,
  '2026112203_tenant_led_indexes': ledgerIndexes,
  '2026112204_begin_function': beginFunction,
  '2026112205_webhooks': webhooks,
  '2026112206_delivery_redelivery': deliveryRedelivery,
  '2026112207_dispatcher_least_privilege': dispatcherPrivilege,
  '2026112208_embed_tokens': embedTokens,
  '2026120501_sealed_sequencing': sealedSequencing,
  '2026120502_lean_begin': leanBegin,
  '2026120601_lean_sealing': leanSealing,
  '2026120602_fixed_accounts': fixedAccounts,
  '2026120603_lean_ledger_indexes': leanLedgerIndexes,
  '2026120604_balanced_per_statement': balancedPerStatement,
  '2026120701_inline_key_check': inlineKeyCheck,
};
