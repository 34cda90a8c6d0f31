import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeArtifact } from './support/artifacts.js';
import { launchOptions } from './support/browser.js';
import { usePage } from './support/fixtures.js';
import { mount } from './support/mount.js';
import { createTenant, type MintedToken, mintToken } from './support/seed.js';

const ROWS = 50;
const BUDGET_MS = 200;
const RUNS = 5;

let minted: MintedToken;

beforeAll(async () => {
  const tenant = await createTenant('Performance test');
  const customer = await tenant.fin.customers.create({ name: 'Budget Buyer Inc' });
  for (let i = 1; i <= ROWS; i += 1) {
    await tenant.fin.invoices.create({
      customer_id: customer.id,
      currency: 'USD',
      lines: [{ description: `Item ${i}`, quantity: i, unit_amount: 1_999, tax_rate_bps: 2000 }],
    });
  }
  minted = await mintToken(tenant);
});

interface Measurement {
  /** When the list response's last byte arrived (resource timing `responseEnd`). */
  responseEnd: number;
  /** The first animation frame in which all rows were in the shadow DOM. */
  rowsInDom: number;
  /** After that frame was rendered. */
  painted: number;
}

/**
 * Watches, frame by frame, for the list's rows to appear and reads when its response
 * arrived; resolves once the frame with the rows has been rendered.
 */
function watchFirstRender(rows: number): Promise<Measurement> {
  return new Promise((resolve) => {
    const tick = () => {
      const list = document.querySelector('fin-invoice-list');
      const count = list?.shadowRoot?.querySelectorAll('tbody tr[part~="row"]').length ?? 0;
      if (count < rows) {
        requestAnimationFrame(tick);
        return;
      }
      const rowsInDom = performance.now();
      // A message posted from a frame callback is handled after that frame is rendered.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const painted = performance.now();
        const entry = performance
          .getEntriesByType('resource')
          .find((e) => new URL(e.name).pathname === '/v1/invoices') as PerformanceResourceTiming;
        resolve({ responseEnd: entry.responseEnd, rowsInDom, painted });
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(tick);
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

describe('performance budget', () => {
  const current = usePage();

  it(`renders ${ROWS} invoices in fin-invoice-list within ${BUDGET_MS} ms of the data arriving (median of ${RUNS} fresh pages)`, async () => {
    const runs: number[] = [];
    const domMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      // A fresh page each run: the first render of a page, not a re-render.
      const page = run === 0 ? current().page : await current().context.newPage();
      if (run > 0) await page.goto(current().page.url());
      await page.waitForFunction(() => customElements.get('fin-invoice-list'));
      const measuring = page.evaluate(watchFirstRender, ROWS);
      await mount(page, 'fin-invoice-list', {
        token: minted.token,
        scopes: ['invoices:read'],
        attrs: { limit: String(ROWS) },
      });
      const m = await measuring;
      expect(m.responseEnd).toBeGreaterThan(0);
      runs.push(m.painted - m.responseEnd);
      domMs.push(m.rowsInDom - m.responseEnd);
      if (run > 0) await page.close();
    }
    const figure = {
      element: 'fin-invoice-list',
      rows: ROWS,
      measure:
        'ms from the response’s last byte (resource timing responseEnd) to the rendered frame showing every row',
      budget_ms: BUDGET_MS,
      runs_ms: runs.map(round),
      rows_in_dom_ms: domMs.map(round),
      median_ms: round(median(runs)),
      max_ms: round(Math.max(...runs)),
      browser: chromiumVersion(),
      measured_at: new Date().toISOString(),
    };
    writeArtifact('perf.json', figure);
    console.log(
      `fin-invoice-list first render of ${ROWS} rows: median ${figure.median_ms} ms, max ${figure.max_ms} ms (budget ${BUDGET_MS} ms)`,
    );
    // The median of fresh pages: one slow frame on this shared two-core machine (the API
    // server runs beside the browser) is noise, a slow element is not.
    expect(figure.median_ms).toBeLessThanOrEqual(BUDGET_MS);
  });
});

function chromiumVersion(): string {
  try {
    return execFileSync(launchOptions.executablePath ?? 'chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
