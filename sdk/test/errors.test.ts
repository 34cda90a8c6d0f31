import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  APIError,
  AuthenticationError,
  ConflictError,
  errorFromResponse,
  FinACEverse,
  FinAPIError,
  FinError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from '../src/index.js';
import { createTenant, recordingFetch, type TenantFixture } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let ctx: TenantFixture;
let accounts: Account[];

beforeAll(async () => {
  server = await startServer();
  ctx = await createTenant(server);
  accounts = await ctx.fin.accounts.list({ limit: 100 }).toArray({ limit: 1000 });
});

afterAll(async () => {
  await server?.close();
});

const byCode = (code: string) => {
  const account = accounts.find((a) => a.code === code);
  if (!account) throw new Error(`no seeded account ${code}`);
  return account;
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

describe('typed API errors from the live server', () => {
  it('rejects an unbalanced journal entry with InvalidRequestError unbalanced_entry on lines', async () => {
    const recorder = recordingFetch();
    const fin = new FinACEverse({
      apiKey: ctx.tenant.api_key.secret ?? '',
      baseUrl: server.url,
      fetch: recorder.fetch,
    });
    const error = await rejection(
      fin.journalEntries.create({
        date: '2026-11-22',
        lines: [
          { account_id: byCode('1000').id, direction: 'debit', amount: 1_000 },
          { account_id: byCode('4000').id, direction: 'credit', amount: 999 },
        ],
      }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toBeInstanceOf(FinAPIError);
    expect(error).toBeInstanceOf(FinError);
    expect(error).toMatchObject({
      name: 'InvalidRequestError',
      status: 400,
      type: 'invalid_request_error',
      code: 'unbalanced_entry',
      param: 'lines',
    });
    expect((error as FinAPIError).message).toMatch(/differ by 1/);
    // A 400 is final: exactly one attempt.
    expect(recorder.requests).toHaveLength(1);
    expect((error as FinAPIError).requestId).toBe(recorder.responses[0]?.headers.get('request-id'));
  });

  it('rejects an unknown id with NotFoundError carrying the request id', async () => {
    const error = await rejection(ctx.fin.customers.retrieve('cus_01jd8x2q3m4n5p6r7s8t9v0w1x'));
    expect(error).toBeInstanceOf(NotFoundError);
    const notFound = error as NotFoundError;
    expect(notFound).toMatchObject({ status: 404, code: 'resource_missing', param: 'id' });
    expect(notFound.requestId).toMatch(/^req_/);
    expect(notFound.headers.get('request-id')).toBe(notFound.requestId);
    expect(notFound.message).toContain('cus_01jd8x2q3m4n5p6r7s8t9v0w1x');
  });

  it('rejects a write with a viewer key as PermissionError insufficient_permissions', async () => {
    const key = await ctx.fin.apiKeys.create({ role: 'viewer' });
    const viewer = new FinACEverse({ apiKey: key.secret ?? '', baseUrl: server.url });
    expect((await viewer.customers.list({ limit: 1 })).object).toBe('list');
    const error = await rejection(viewer.customers.create({ name: 'Not allowed' }));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({
      status: 403,
      type: 'permission_error',
      code: 'insufficient_permissions',
    });
  });

  it('rejects a tenant key on partner routes as PermissionError partner_key_required', async () => {
    const error = await rejection(ctx.fin.tenants.list());
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: 'partner_key_required' });
  });

  it('rejects an unknown key as AuthenticationError invalid_api_key', async () => {
    const fin = new FinACEverse({ apiKey: `sk_${'x'.repeat(32)}`, baseUrl: server.url });
    const error = await rejection(fin.accounts.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('names the missing parameter of an invalid request', async () => {
    const error = await rejection(
      ctx.fin.invoices.create({
        customer_id: 'cus_01jd8x2q3m4n5p6r7s8t9v0w1x',
        currency: 'USD',
        lines: [],
      }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'parameter_invalid', param: 'lines' });
  });

  it('rejects a duplicate account code as ConflictError account_code_taken', async () => {
    const error = await rejection(
      ctx.fin.accounts.create({ code: '1000', name: 'Cash again', type: 'asset', currency: 'USD' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'account_code_taken' });
  });

  it('acting in a tenant the partner does not own is NotFoundError on Fin-Tenant', async () => {
    const other = ctx.partner.withTenant('ten_01jd8x2q3m4n5p6r7s8t9v0w1x');
    const error = await rejection(other.accounts.list());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ param: 'Fin-Tenant' });
  });
});

describe('errorFromResponse', () => {
  it('maps every error type to its class', () => {
    const cases = [
      ['invalid_request_error', InvalidRequestError, 400],
      ['authentication_error', AuthenticationError, 401],
      ['permission_error', PermissionError, 403],
      ['not_found_error', NotFoundError, 404],
      ['conflict_error', ConflictError, 409],
      ['rate_limit_error', RateLimitError, 429],
      ['api_error', APIError, 500],
    ] as const;
    for (const [type, ErrorClass, status] of cases) {
      const body = { error: { type, code: 'c', message: 'm', request_id: 'req_1' } };
      const error = errorFromResponse(status, body, new Headers());
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ type, status, code: 'c', message: 'm', requestId: 'req_1' });
    }
  });

  it('falls back to the status and the Request-Id header for a body that is not ours', () => {
    const headers = new Headers({ 'request-id': 'req_from_header' });
    const error = errorFromResponse(502, '<html>Bad gateway</html>', headers);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      type: 'api_error',
      code: 'unexpected_response',
      requestId: 'req_from_header',
      param: undefined,
    });
    expect(error.message).toContain('Bad gateway');
    expect(errorFromResponse(429, '', new Headers())).toBeInstanceOf(RateLimitError);
  });
});
