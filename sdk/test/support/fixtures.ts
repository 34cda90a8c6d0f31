import { FinACEverse, type FinACEverseOptions, type TenantWithKey } from '../../src/index.js';
import type { TestServer } from './server.js';

export interface TenantFixture {
  tenant: TenantWithKey;
  /** The tenant's admin key client. */
  fin: FinACEverse;
  /** A client with the partner key, acting as the partner. */
  partner: FinACEverse;
}

/** A fresh tenant with its admin key; each caller gets an empty, isolated ledger. */
export async function createTenant(
  server: TestServer,
  options: Partial<FinACEverseOptions> = {},
): Promise<TenantFixture> {
  const partner = new FinACEverse({ apiKey: server.partnerKey, baseUrl: server.url });
  const tenant = await partner.tenants.create({ name: `SDK test ${Date.now()}` });
  const secret = tenant.api_key.secret;
  if (!secret) throw new Error('tenant creation returned no admin secret');
  const fin = new FinACEverse({ apiKey: secret, baseUrl: server.url, ...options });
  return { tenant, fin, partner };
}

/** Wraps fetch to record every request it sends and every response it gets. */
export function recordingFetch(inner: (request: Request) => Promise<Response> = fetch) {
  const requests: Request[] = [];
  const responses: Response[] = [];
  const fetchFn = async (request: Request): Promise<Response> => {
    requests.push(request.clone());
    const response = await inner(request);
    responses.push(response.clone());
    return response;
  };
  return { fetch: fetchFn, requests, responses };
}
