import { AppError } from '../../platform/errors.js';

export type LedgerErrorCode =
  | 'unbalanced_entry'
  | 'account_code_taken'
  | 'account_not_found'
  | 'already_reversed'
  | 'customer_not_found'
  | 'invoice_not_draft'
  | 'invoice_not_open'
  | 'invoice_has_payments'
  | 'amount_exceeds_due'
  | 'amount_too_large';

export const ledgerError = (code: LedgerErrorCode, message: string, param?: string) =>
  new AppError<LedgerErrorCode>('invalid_request_error', code, message, param ? { param } : {});

export const ledgerConflict = (code: LedgerErrorCode, message: string) =>
  new AppError<LedgerErrorCode>('conflict_error', code, message);
