import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FinACEverse } from '@finaceverse/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test/support/server.js';
import { seedSampleData } from './sample-data.js';
import { EMBED_SCOPES, type RunningEmbedServer, startEmbedServer, tenantKey } from './server.js';

let api: TestServer;
let embed: RunningEmbedServer;
let secret: string;
const root = mkdtempSync(join(tmpdir(), 'fin-embed-'));
const distDir = join(root, 'dist');

beforeAll(async () => {
  api = await startServer();
  const partner = new FinACEverse({ apiKey: api.partnerKey, baseUrl: api.url });
  const tenant = await partner.tenants.create({ name: 'Embed example test' });
  secret = tenant.api_key.secret ?? '';
  mkdirSync(distDir);
  writeFileSync(join(distDir, 'finaceverse-elements.js'), 'export {};\n');
  writeFileSync(join(root, 'secret.txt'), 'not for the browser');
  embed = await startEmbedServer({ apiUrl: api.url, tenantKey: secret, port: 0, distDir });
});

afterAll(async () => {
  await embed?.close();
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('embed example server', () => {
  it('serves the page with every element inside a fin-provider and the bundle import', async () => {
    const response = await fetch(`${embed.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("import '/dist/finaceverse-elements.js';");
    for (const tag of [
      'fin-provider',
      'fin-customer-list',
      'fin-invoice-list',
      'fin-invoice-detail',
      'fin-invoice-form',
      'fin-journal-entry-form',
      'fin-trial-balance',
    ]) {
      expect(html).toContain(`<${tag}`);
    }
    expect(html).not.toContain(secret);
  });

  it('mints an embed token for its own origin that the API accepts from there only', async () => {
    const response = await fetch(`${embed.url}/token`, { method: 'POST' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; scopes: string[]; api_url: string };
    expect(body.token).toMatch(/^ek_/);
    expect(body.scopes).toEqual(EMBED_SCOPES);
    expect(body.api_url).toBe(api.url);

    const call = (origin: string) =>
      fetch(`${api.url}/v1/invoices`, {
        headers: { authorization: `Bearer ${body.token}`, origin },
      });
    const [origin] = embed.origins;
    const allowed = await call(origin ?? '');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
    const refused = await call('https://elsewhere.example');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'origin_not_allowed',
    );
  });

  it('serves the built elements and nothing outside dist', async () => {
    const bundle = await fetch(`${embed.url}/dist/finaceverse-elements.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    const outside = await fetch(`${embed.url}/dist/..%2fsecret.txt`);
    expect(outside.status).toBe(404);
    expect(await outside.text()).not.toContain('not for the browser');
  });
});

describe('sample data and the tenant key', () => {
  it('seeds an empty tenant once and leaves a tenant with customers alone', async () => {
    const partner = new FinACEverse({ apiKey: api.partnerKey, baseUrl: api.url });
    const tenant = await partner.tenants.create({ name: 'Sample data test' });
    const own = new FinACEverse({ apiKey: tenant.api_key.secret ?? '', baseUrl: api.url });
    expect(await seedSampleData(own)).toMatch(/^3 customers/);
    expect(await seedSampleData(own)).toBeUndefined();
    const invoices = (await own.invoices.list({ limit: 10 })).data;
    expect(invoices.map((i) => i.status).sort()).toEqual(['draft', 'open', 'paid']);
    const tb = await own.reports.trialBalance();
    expect(tb.totals).toEqual([{ currency: 'USD', debit: 2_694_975, credit: 2_694_975 }]);
  });

  it('reads the tenant key from FIN_TENANT_KEY, else from demo.json in FIN_DATA_DIR', () => {
    expect(tenantKey({ FIN_TENANT_KEY: 'sk_from_env' })).toBe('sk_from_env');
    const dataDir = mkdtempSync(join(tmpdir(), 'fin-embed-demo-'));
    try {
      writeFileSync(join(dataDir, 'demo.json'), JSON.stringify({ tenant_key: 'sk_from_demo' }));
      expect(tenantKey({ FIN_DATA_DIR: dataDir })).toBe('sk_from_demo');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
