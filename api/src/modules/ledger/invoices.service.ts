import { sql } from 'kysely';
import { audit, emit, type TenantTx } from '../../platform/context.js';
import type { Metadata } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import { systemAccount } from './accounts.service.js';
import { findCustomer } from './customers.js';
import { invoiceTotals } from './invoice-math.js';
import type { CreateInvoice, Invoice, InvoiceStatus } from './invoices.schemas.js';
import { postEntry, reverseEntry } from './journal-entries.service.js';
import { ledgerError } from './ledger.errors.js';

export const invoiceColumns = [
  'id',
  'customer_id',
  'currency',
  'status',
  sql<string | null>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date'),
  'subtotal',
  'tax',
  'total',
  'amount_paid',
  'finalized_entry_id',
  'void_entry_id',
  'metadata',
  'created_at',
  'finalized_at',
  'paid_at',
  'voided_at',
] as const;

export type InvoiceRow = {
  id: string;
  customer_id: string;
  currency: string;
  status: InvoiceStatus;
  due_date: string | null;
  subtotal: string;
  tax: string;
  total: string;
  amount_paid: string;
  finalized_entry_id: string | null;
  void_entry_id: string | null;
  metadata: Metadata;
  created_at: Date;
  finalized_at: Date | null;
  paid_at: Date | null;
  voided_at: Date | null;
};

const today = () => new Date().toISOString().slice(0, 10);

/** Attaches lines and payments to invoice rows with two queries, whatever the page size. */
export async function hydrate(tx: TenantTx, rows: InvoiceRow[]): Promise<Invoice[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // One after the other: queries of one transaction share its connection, and pg would only
  // queue the second behind the first (queueing on a busy client is deprecated in pg 8).
  const lines = await tx.trx
    .selectFrom('invoice_lines')
    .select([
      'invoice_id',
      'description',
      'quantity',
      'unit_amount',
      'tax_rate_bps',
      'amount',
      'tax',
    ])
    .where('tenant_id', '=', tx.tenantId)
    .where('invoice_id', 'in', ids)
    .orderBy('invoice_id')
    .orderBy('line_no')
    .execute();
  const payments = await tx.trx
    .selectFrom('payments')
    .select([
      'id',
      'invoice_id',
      'amount',
      'currency',
      sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'),
      'journal_entry_id',
      'created_at',
    ])
    .where('tenant_id', '=', tx.tenantId)
    .where('invoice_id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const total = Number(r.total);
    const paid = Number(r.amount_paid);
    return {
      id: r.id,
      object: 'invoice',
      customer_id: r.customer_id,
      currency: r.currency.trim(),
      status: r.status,
      due_date: r.due_date,
      lines: lines
        .filter((l) => l.invoice_id === r.id)
        .map((l) => ({
          description: l.description,
          quantity: Number(l.quantity),
          unit_amount: Number(l.unit_amount),
          tax_rate_bps: l.tax_rate_bps,
          amount: Number(l.amount),
          tax: Number(l.tax),
        })),
      subtotal: Number(r.subtotal),
      tax: Number(r.tax),
      total,
      amount_paid: paid,
      amount_due: r.status === 'void' ? 0 : total - paid,
      payments: payments
        .filter((p) => p.invoice_id === r.id)
        .map((p) => ({
          id: p.id,
          object: 'payment' as const,
          amount: Number(p.amount),
          currency: p.currency.trim(),
          date: p.date,
          journal_entry_id: p.journal_entry_id,
          created_at: p.created_at.toISOString(),
        })),
      finalized_entry_id: r.finalized_entry_id,
      void_entry_id: r.void_entry_id,
      metadata: r.metadata,
      created_at: r.created_at.toISOString(),
      finalized_at: r.finalized_at?.toISOString() ?? null,
      paid_at: r.paid_at?.toISOString() ?? null,
      voided_at: r.voided_at?.toISOString() ?? null,
    };
  });
}

export const invoiceQuery = (tx: TenantTx) =>
  tx.trx.selectFrom('invoices').select(invoiceColumns).where('tenant_id', '=', tx.tenantId);

export async function findInvoice(
  tx: TenantTx,
  id: string,
  lock = false,
): Promise<Invoice | undefined> {
  let q = invoiceQuery(tx).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const [invoice] = await hydrate(tx, [row]);
  return invoice;
}

export async function createInvoice(tx: TenantTx, input: CreateInvoice): Promise<Invoice> {
  if (!(await findCustomer(tx, input.customer_id))) {
    throw ledgerError(
      'customer_not_found',
      `No such customer: '${input.customer_id}'`,
      'customer_id',
    );
  }
  const totals = invoiceTotals(input.lines);
  if (totals.total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw ledgerError(
      'amount_too_large',
      'The invoice total exceeds the largest supported amount.',
      'lines',
    );
  }
  const id = newId('invoice');
  await tx.trx
    .insertInto('invoices')
    .values({
      id,
      tenant_id: tx.tenantId,
      customer_id: input.customer_id,
      currency: input.currency,
      status: 'draft',
      due_date: input.due_date ?? null,
      subtotal: totals.subtotal.toString(),
      tax: totals.tax.toString(),
      total: totals.total.toString(),
      metadata: JSON.stringify(input.metadata ?? {}),
    })
    .execute();
  await tx.trx
    .insertInto('invoice_lines')
    .values(
      input.lines.map((l, i) => ({
        id: newId('invoiceLine'),
        tenant_id: tx.tenantId,
        invoice_id: id,
        line_no: i + 1,
        description: l.description,
        quantity: l.quantity,
        unit_amount: l.unit_amount,
        tax_rate_bps: l.tax_rate_bps ?? 0,
        amount: totals.lines[i]!.amount.toString(),
        tax: totals.lines[i]!.tax.toString(),
      })),
    )
    .execute();
  const invoice = (await findInvoice(tx, id))!;
  emit(tx, 'invoice.created', invoice);
  audit(tx, 'invoice.create', 'invoice', id);
  return invoice;
}

async function reload(tx: TenantTx, id: string): Promise<Invoice> {
  return (await findInvoice(tx, id))!;
}

/** draft → open: posts receivable against revenue and tax payable. */
export async function finalizeInvoice(tx: TenantTx, id: string): Promise<Invoice | undefined> {
  const invoice = await findInvoice(tx, id, true);
  if (!invoice) return undefined;
  if (invoice.status !== 'draft') {
    throw ledgerError(
      'invoice_not_draft',
      `Invoice '${id}' is ${invoice.status}; only a draft can be finalized.`,
    );
  }
  const now = new Date();
  let entryId: string | null = null;
  if (invoice.total > 0) {
    // One at a time: they share the transaction's connection (see hydrate).
    const receivable = await systemAccount(tx, 'receivable', invoice.currency);
    const revenue = await systemAccount(tx, 'revenue', invoice.currency);
    const taxPayable =
      invoice.tax > 0 ? await systemAccount(tx, 'tax_payable', invoice.currency) : '';
    const entry = await postEntry(tx, {
      date: today(),
      description: `Invoice ${id}`,
      source: { type: 'invoice', id },
      lines: [
        { account_id: receivable, direction: 'debit', amount: invoice.total },
        ...(invoice.subtotal > 0
          ? [{ account_id: revenue, direction: 'credit' as const, amount: invoice.subtotal }]
          : []),
        ...(invoice.tax > 0
          ? [{ account_id: taxPayable, direction: 'credit' as const, amount: invoice.tax }]
          : []),
      ],
    });
    entryId = entry.id;
  }
  const settled = invoice.total === 0;
  await tx.trx
    .updateTable('invoices')
    .set({
      status: settled ? 'paid' : 'open',
      finalized_entry_id: entryId,
      finalized_at: now,
      ...(settled ? { paid_at: now } : {}),
    })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .execute();
  const result = await reload(tx, id);
  emit(tx, 'invoice.finalized', result);
  if (settled) emit(tx, 'invoice.paid', result);
  audit(tx, 'invoice.finalize', 'invoice', id);
  return result;
}

/** Records a (partial) payment: cash against receivable; `paid` once nothing is due. */
export async function payInvoice(
  tx: TenantTx,
  id: string,
  input: { amount: number; date?: string | undefined },
): Promise<Invoice | undefined> {
  const invoice = await findInvoice(tx, id, true);
  if (!invoice) return undefined;
  if (invoice.status !== 'open') {
    throw ledgerError(
      'invoice_not_open',
      `Invoice '${id}' is ${invoice.status}; only an open invoice can be paid.`,
    );
  }
  if (input.amount > invoice.amount_due) {
    throw ledgerError(
      'amount_exceeds_due',
      `The payment of ${input.amount} exceeds the amount due of ${invoice.amount_due}.`,
      'amount',
    );
  }
  const cash = await systemAccount(tx, 'cash', invoice.currency);
  const receivable = await systemAccount(tx, 'receivable', invoice.currency);
  const date = input.date ?? today();
  const entry = await postEntry(tx, {
    date,
    description: `Payment for invoice ${id}`,
    source: { type: 'invoice', id },
    lines: [
      { account_id: cash, direction: 'debit', amount: input.amount },
      { account_id: receivable, direction: 'credit', amount: input.amount },
    ],
  });
  const paymentId = newId('payment');
  await tx.trx
    .insertInto('payments')
    .values({
      id: paymentId,
      tenant_id: tx.tenantId,
      invoice_id: id,
      amount: input.amount,
      currency: invoice.currency,
      date,
      journal_entry_id: entry.id,
    })
    .execute();
  const paidInFull = input.amount === invoice.amount_due;
  await tx.trx
    .updateTable('invoices')
    .set({
      amount_paid: sql`amount_paid + ${String(input.amount)}::bigint`,
      ...(paidInFull ? { status: 'paid' as const, paid_at: new Date() } : {}),
    })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .execute();
  const result = await reload(tx, id);
  emit(tx, 'invoice.payment_succeeded', result);
  if (paidInFull) emit(tx, 'invoice.paid', result);
  audit(tx, 'invoice.pay', 'invoice', id);
  return result;
}

/** open (unpaid) → void: reverses the finalization entry. */
export async function voidInvoice(tx: TenantTx, id: string): Promise<Invoice | undefined> {
  const invoice = await findInvoice(tx, id, true);
  if (!invoice) return undefined;
  if (invoice.status !== 'open') {
    throw ledgerError(
      'invoice_not_open',
      `Invoice '${id}' is ${invoice.status}; only an open invoice can be voided.`,
    );
  }
  if (invoice.amount_paid > 0) {
    throw ledgerError(
      'invoice_has_payments',
      `Invoice '${id}' has payments recorded; it can no longer be voided.`,
    );
  }
  const reversal = invoice.finalized_entry_id
    ? await reverseEntry(tx, invoice.finalized_entry_id, {
        date: today(),
        description: `Void of invoice ${id}`,
      })
    : undefined;
  await tx.trx
    .updateTable('invoices')
    .set({ status: 'void', void_entry_id: reversal?.id ?? null, voided_at: new Date() })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .execute();
  const result = await reload(tx, id);
  emit(tx, 'invoice.voided', result);
  audit(tx, 'invoice.void', 'invoice', id);
  return result;
}
