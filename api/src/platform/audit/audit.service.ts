import { auditHash, GENESIS_HASH } from '../audit-chain.js';
import type { TenantTx } from '../context.js';

export interface ChainVerification {
  object: 'audit_log_verification';
  valid: boolean;
  checked: number;
  head_seq: number;
  first_broken: {
    seq: number;
    id: string | null;
    reason: 'hash_mismatch' | 'missing_entry' | 'head_mismatch';
  } | null;
}

const BATCH = 1000;

/** Recomputes the tenant's hash chain from the first entry and compares it with the head. */
export async function verifyAuditChain(tx: TenantTx): Promise<ChainVerification> {
  const head = await tx.trx
    .selectFrom('tenant_heads')
    .select(['audit_seq', 'audit_hash'])
    .where('tenant_id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  const headSeq = Number(head.audit_seq);
  const result = (
    checked: number,
    first_broken: ChainVerification['first_broken'],
  ): ChainVerification => ({
    object: 'audit_log_verification',
    valid: first_broken === null,
    checked,
    head_seq: headSeq,
    first_broken,
  });
  let prev = GENESIS_HASH;
  let expected = 1;
  for (;;) {
    const rows = await tx.trx
      .selectFrom('audit_logs')
      .selectAll()
      .where('tenant_id', '=', tx.tenantId)
      .where('seq', '>=', String(expected))
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected)
        return result(expected - 1, { seq: expected, id: null, reason: 'missing_entry' });
      const recomputed = auditHash(prev, { ...row, created_at: row.created_at.toISOString() });
      if (recomputed !== row.hash)
        return result(expected - 1, { seq, id: row.id, reason: 'hash_mismatch' });
      prev = row.hash;
      expected += 1;
    }
    if (rows.length < BATCH) break;
  }
  const checked = expected - 1;
  if (checked < headSeq)
    return result(checked, { seq: expected, id: null, reason: 'missing_entry' });
  if (checked !== headSeq || prev !== head.audit_hash) {
    return result(checked, { seq: checked, id: null, reason: 'head_mismatch' });
  }
  return result(checked, null);
}
