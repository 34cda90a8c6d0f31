import { beforeAll, describe, expect, inject, it } from 'vitest';
import { randomPartnerKey } from './support/api-server.js';
import { auditState } from './support/audit.js';
import { seriousViolations } from './support/axe.js';
import { usePage } from './support/fixtures.js';
import { holdApiCalls } from './support/gate.js';
import { type ElementTag, type MountOptions, mount } from './support/mount.js';
import { deadUrl } from './support/ports.js';
import {
  createTenant,
  type MintedToken,
  mintToken,
  type SeededLedger,
  seedLedger,
} from './support/seed.js';
import { shownError, waitForData, waitForState } from './support/states.js';
import { shownText } from './support/text.js';

const ROW = 'tbody tr[part~="row"]';
const FORM = 'form[part~="form"]';

interface Spec {
  tag: ElementTag;
  /** What shows once the data is there. */
  ready: string;
  /** Attributes that make it load something. */
  attrs?: (seed: SeededLedger) => Record<string, string>;
  /** The empty state's text on a tenant with nothing in it; forms have none. */
  empty?: string | RegExp;
}

const specs: Spec[] = [
  { tag: 'fin-customer-list', ready: ROW, empty: 'No customers yet.' },
  { tag: 'fin-invoice-list', ready: ROW, empty: 'No invoices yet.' },
  {
    tag: 'fin-invoice-detail',
    ready: '[part~="invoice"]',
    attrs: (seed) => ({ 'invoice-id': seed.invoices.open.id }),
    // No invoice chosen yet.
    empty: 'Choose an invoice to see its details.',
  },
  { tag: 'fin-trial-balance', ready: ROW, empty: /^Nothing posted as of / },
  { tag: 'fin-invoice-form', ready: FORM },
  { tag: 'fin-journal-entry-form', ready: FORM },
];

let seed: SeededLedger;
let full: MintedToken;
let empty: MintedToken;

beforeAll(async () => {
  const tenant = await createTenant('States test');
  seed = await seedLedger(tenant.fin);
  full = await mintToken(tenant);
  empty = await mintToken(await createTenant('Empty tenant'));
});

/** A well-formed embed token that the API never minted. */
const unknownToken = () => `ek_${randomPartnerKey().slice(4)}`;

// Each test places every element side by side in one page (each in its own provider), so
// the states of all six are checked with one page load and one axe injection.
describe('loading, empty and error states of every element', () => {
  const current = usePage();
  const mountAll = (chosen: Spec[], options: (spec: Spec) => MountOptions) =>
    Promise.all(
      chosen.map(async (spec) => ({
        spec,
        ...(await mount(current().page, spec.tag, options(spec))),
      })),
    );
  const attrs = (spec: Spec) => spec.attrs?.(seed) ?? {};

  it('shows a polite loading state while the API has not answered, then the data', async () => {
    const { page } = current();
    const gate = await holdApiCalls(page, inject('apiUrl'));
    const mounted = await mountAll(specs, (spec) => ({
      token: full.token,
      scopes: full.scopes,
      attrs: attrs(spec),
    }));
    for (const m of mounted) {
      const loading = await waitForState(m.element, 'loading');
      expect(await loading.getAttribute('role'), m.spec.tag).toBe('status');
      expect(await loading.getAttribute('aria-live'), m.spec.tag).toBe('polite');
      expect(await shownText(loading), m.spec.tag).toMatch(/^Loading .+…$/);
      await auditState(page, m, `${m.spec.tag}-loading`);
    }
    await gate.release();
    for (const m of mounted) await waitForData(m.element, m.spec.ready);
  });

  it('shows an empty state when the tenant has nothing to show', async () => {
    const { page } = current();
    const withEmpty = specs.filter((spec) => spec.empty !== undefined);
    expect(withEmpty).toHaveLength(4);
    const mounted = await mountAll(withEmpty, () => ({ token: empty.token, scopes: empty.scopes }));
    for (const m of mounted) {
      const part = await waitForState(m.element, 'empty');
      const text = await shownText(part);
      if (typeof m.spec.empty === 'string') expect(text, m.spec.tag).toBe(m.spec.empty);
      else expect(text, m.spec.tag).toMatch(m.spec.empty as RegExp);
      await auditState(page, m, `${m.spec.tag}-empty`);
    }
  });

  it('shows the API’s message and request id in an alert when the token is not valid', async () => {
    const { page } = current();
    const mounted = await mountAll(specs, (spec) => ({
      token: unknownToken(),
      attrs: attrs(spec),
    }));
    for (const m of mounted) {
      const shown = await shownError(m.element);
      expect(shown, m.spec.tag).toMatchObject({
        role: 'alert',
        message: 'Invalid API key provided.',
      });
      expect(shown.requestId, m.spec.tag).toMatch(/^Request ID: req_\w+$/);
      await auditState(page, m, `${m.spec.tag}-error`);
    }
  });

  it('shows a connection error without a request id when the API cannot be reached', async () => {
    const { page } = current();
    const down = await deadUrl();
    const mounted = await mountAll(specs, (spec) => ({
      token: full.token,
      baseUrl: down,
      attrs: attrs(spec),
    }));
    for (const m of mounted) {
      const shown = await shownError(m.element);
      expect(shown.role, m.spec.tag).toBe('alert');
      expect(shown.message, m.spec.tag).toMatch(/^Connection failed: /);
      expect(shown.requestId, m.spec.tag).toBeUndefined();
      await auditState(page, m, `${m.spec.tag}-offline`);
    }
  });

  it('fin-invoice-detail shows the 404 with its request id for an unknown invoice', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-invoice-detail', {
      token: full.token,
      attrs: { 'invoice-id': 'inv_00000000000000000000000000' },
    });
    const shown = await shownError(mounted.element);
    expect(shown.message).toMatch(/No such invoice/);
    expect(shown.requestId).toMatch(/req_\w+/);
    await auditState(page, mounted, 'fin-invoice-detail-not-found');
  });
});

describe('the accessibility check', () => {
  const current = usePage();

  it('finds a violation inside an element’s shadow root (so a clean result means something)', async () => {
    const { page } = current();
    const mounted = await mount(page, 'fin-customer-list', { token: full.token });
    await waitForData(mounted.element, ROW);
    expect(await seriousViolations(page, mounted.element)).toEqual([]);
    await mounted.element.evaluate((el) => {
      el.shadowRoot?.append(document.createElement('button'));
    });
    const found = await seriousViolations(page, mounted.element);
    expect(found).toEqual([expect.stringMatching(/^critical button-name: /)]);
  });
});
