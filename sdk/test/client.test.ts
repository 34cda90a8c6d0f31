import { describe, expect, it } from 'vitest';
import { FinACEverse } from '../src/index.js';

/** Answers every request with an empty list and records it: only what is sent matters here. */
function cannedFetch() {
  const requests: Request[] = [];
  const fetchFn = async (request: Request) => {
    requests.push(request);
    return Response.json({ object: 'list', data: [], has_more: false, url: '/v1/customers' });
  };
  return { fetch: fetchFn, requests };
}

describe('FinACEverse options', () => {
  it('refuses a missing key and out-of-range numbers', () => {
    expect(() => new FinACEverse({ apiKey: '' })).toThrow(/apiKey is required/);
    expect(() => new FinACEverse({ apiKey: 'sk_x', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new FinACEverse({ apiKey: 'sk_x', maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => new FinACEverse({ apiKey: 'sk_x', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new FinACEverse({ apiKey: 'sk_x', maxRetries: 0, timeoutMs: 1 })).not.toThrow();
  });

  it('sends the bearer key to the base URL, and Fin-Tenant only with a tenant', async () => {
    const canned = cannedFetch();
    const fin = new FinACEverse({
      apiKey: 'psk_partner',
      baseUrl: 'http://fin.test:4100/',
      fetch: canned.fetch,
    });
    await fin.customers.list({ limit: 3 });
    await fin.withTenant('ten_abc').customers.list();
    const [plain, scoped] = canned.requests;
    expect(plain?.url).toBe('http://fin.test:4100/v1/customers?limit=3');
    expect(plain?.headers.get('authorization')).toBe('Bearer psk_partner');
    expect(plain?.headers.get('fin-tenant')).toBeNull();
    expect(scoped?.headers.get('authorization')).toBe('Bearer psk_partner');
    expect(scoped?.headers.get('fin-tenant')).toBe('ten_abc');
    expect(fin.tenant).toBeUndefined();
  });

  it('sends per-request headers and encodes path ids', async () => {
    const canned = cannedFetch();
    const fin = new FinACEverse({ apiKey: 'sk_key', fetch: canned.fetch });
    await fin.customers.retrieve('cus/../x', { headers: { 'X-Trace': 't1' } });
    expect(canned.requests[0]?.url).toBe('http://localhost:4000/v1/customers/cus%2F..%2Fx');
    expect(canned.requests[0]?.headers.get('x-trace')).toBe('t1');
  });
});
