import { beforeAll, describe, expect, inject, it } from 'vitest';
import { auditState } from './support/audit.js';
import { usePage } from './support/fixtures.js';
import { mount, recordEvents, recorded } from './support/mount.js';
import {
  createTenant,
  mintToken,
  READ_SCOPES,
  type SeededLedger,
  seedLedger,
  type TestTenant,
} from './support/seed.js';
import { expectApiError, shownError, waitForData } from './support/states.js';
import { shownText } from './support/text.js';

const ROW = 'tbody tr[part~="row"]';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ErrorDetail {
  code?: string;
  status?: number;
  requestId?: string;
}

let tenant: TestTenant;
let seed: SeededLedger;

beforeAll(async () => {
  tenant = await createTenant('Token test');
  seed = await seedLedger(tenant.fin);
});

/** A fetchToken that mints a fresh token server side and counts its calls. */
function countingFetchToken() {
  const calls = { count: 0 };
  const fetchToken = async () => {
    calls.count += 1;
    return (await mintToken(tenant)).token;
  };
  return { calls, fetchToken };
}

describe('expiring embed tokens', () => {
  const current = usePage();

  it('calls fetchToken once when the token has expired before the first call, then shows the data', async () => {
    const { page } = current();
    const expired = await mintToken(tenant, { ttlSeconds: 1 });
    await sleep(1_500);
    const { calls, fetchToken } = countingFetchToken();
    await recordEvents(page, ['fin-error']);
    const mounted = await mount(page, 'fin-invoice-list', {
      token: expired.token,
      scopes: expired.scopes,
      fetchToken,
    });
    await waitForData(mounted.element, ROW);
    expect(await mounted.element.locator(ROW).count()).toBe(4);
    expect(calls.count).toBe(1);
    expect(await recorded(page, 'fin-error')).toEqual([]);
    const token = await mounted.provider.evaluate(
      (p) => (p as HTMLElement & { token: string }).token,
    );
    expect(token).not.toBe(expired.token);
    expect(token).toMatch(/^ek_/);
  });

  it('recovers on refresh() after the token expires while the page is open', async () => {
    const { page } = current();
    const shortLived = await mintToken(tenant, { ttlSeconds: 2 });
    const { calls, fetchToken } = countingFetchToken();
    await recordEvents(page, ['fin-error']);
    const mounted = await mount(page, 'fin-customer-list', {
      token: shortLived.token,
      scopes: shortLived.scopes,
      fetchToken,
    });
    await waitForData(mounted.element, ROW);
    expect(calls.count).toBe(0);
    await tenant.fin.customers.create({ name: 'Late Arrival Ltd' });
    await sleep(2_500);
    await mounted.element.evaluate((el) =>
      (el as HTMLElement & { refresh(): Promise<void> }).refresh(),
    );
    await mounted.element.getByText('Late Arrival Ltd').waitFor();
    expect(await mounted.element.locator(ROW).count()).toBe(4);
    expect(calls.count).toBe(1);
    expect(await recorded(page, 'fin-error')).toEqual([]);
  });

  it('shows token_expired as the error state when there is no fetchToken', async () => {
    const { page } = current();
    const expired = await mintToken(tenant, { ttlSeconds: 1 });
    await sleep(1_500);
    const mounted = await mount(page, 'fin-customer-list', { token: expired.token });
    await expectApiError(mounted.element, 'This embed token has expired');
  });
});

describe('a token without invoices:write', () => {
  const current = usePage();

  it('hides Finalize, Pay and Void and says the view is read-only', async () => {
    const { page } = current();
    const readOnly = await mintToken(tenant, { scopes: READ_SCOPES });
    for (const invoice of [seed.invoices.draft, seed.invoices.open]) {
      const mounted = await mount(page, 'fin-invoice-detail', {
        token: readOnly.token,
        scopes: readOnly.scopes,
        attrs: { 'invoice-id': invoice.id },
      });
      await waitForData(mounted.element, '[part~="invoice"]');
      for (const action of ['finalize', 'pay', 'void']) {
        expect(await mounted.element.locator(`button[part~="${action}"]`).count()).toBe(0);
      }
      expect(await shownText(mounted.element.locator('[part~="read-only"]'))).toMatch(/read-only/);
      await auditState(page, mounted, `fin-invoice-detail-read-only-${invoice.status}`);
    }
  });

  it('shows the API’s 403 with its request id when finalize() is forced', async () => {
    const { page } = current();
    const readOnly = await mintToken(tenant, { scopes: READ_SCOPES });
    await recordEvents(page, ['fin-error', 'fin-invoice-finalized']);
    const mounted = await mount(page, 'fin-invoice-detail', {
      token: readOnly.token,
      scopes: readOnly.scopes,
      attrs: { 'invoice-id': seed.invoices.draft.id },
    });
    await waitForData(mounted.element, '[part~="invoice"]');
    const result = await mounted.element.evaluate((el) =>
      (el as HTMLElement & { finalize(): Promise<unknown> }).finalize(),
    );
    expect(result).toBeUndefined();
    await expectApiError(
      mounted.element,
      "This embed token's scopes do not include invoices:write",
    );
    const [error] = await recorded<ErrorDetail>(page, 'fin-error');
    expect(error).toMatchObject({ status: 403, code: 'insufficient_permissions' });
    expect((await shownError(mounted.element)).requestId).toContain(error?.requestId);
    expect(await recorded(page, 'fin-invoice-finalized')).toEqual([]);
    expect((await tenant.fin.invoices.retrieve(seed.invoices.draft.id)).status).toBe('draft');
    await auditState(page, mounted, 'fin-invoice-detail-forbidden');
  });
});

describe('origins', () => {
  const current = usePage(inject('foreignOrigin'));

  it('refuses a token used from an origin it was not minted for', async () => {
    const { page } = current();
    const minted = await mintToken(tenant); // for the page origin only
    await recordEvents(page, ['fin-error']);
    const mounted = await mount(page, 'fin-invoice-list', { token: minted.token });
    await expectApiError(
      mounted.element,
      `This embed token may not be used from ${inject('foreignOrigin')}`,
    );
    expect(await recorded<ErrorDetail>(page, 'fin-error')).toEqual([
      expect.objectContaining({ status: 403, code: 'origin_not_allowed' }),
    ]);
    await auditState(page, mounted, 'fin-invoice-list-origin-not-allowed');
  });

  it('accepts a token minted without allowed_origins from any origin', async () => {
    const { page } = current();
    const minted = await mintToken(tenant, { allowedOrigins: [] });
    const mounted = await mount(page, 'fin-invoice-list', { token: minted.token });
    await waitForData(mounted.element, ROW);
    expect(await mounted.element.locator(ROW).count()).toBe(4);
  });

  it('refuses a secret key used from a page and says it belongs on the server', async () => {
    const { page } = current();
    await recordEvents(page, ['fin-error']);
    const mounted = await mount(page, 'fin-customer-list', { token: tenant.secret });
    await expectApiError(mounted.element, 'Secret keys belong on your server');
    expect(await recorded<ErrorDetail>(page, 'fin-error')).toEqual([
      expect.objectContaining({ status: 403, code: 'secret_key_in_browser' }),
    ]);
    await auditState(page, mounted, 'fin-customer-list-secret-key');
  });
});
