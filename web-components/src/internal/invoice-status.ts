/** Invoice statuses in lifecycle order. */
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void'] as const;

/** One of {@link INVOICE_STATUSES}. */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The label of an invoice status. */
export function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
