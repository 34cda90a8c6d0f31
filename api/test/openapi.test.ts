import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { bodyMiddleware } from '../src/app.js';
import { appWithoutDatabase, buildOpenApiDocument } from '../src/openapi-document.js';

const committedPath = new URL('../../openapi/openapi.json', import.meta.url);
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  'x-permission'?: string;
  responses?: Record<string, unknown>;
  requestBody?: unknown;
};

const operations = () => {
  const doc = buildOpenApiDocument();
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
};

describe('the OpenAPI document', () => {
  it('is committed exactly as the app generates it (run `npm run openapi`)', () => {
    const committed = readFileSync(committedPath, 'utf8');
    expect(committed).toBe(`${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
  });

  it('validates as OpenAPI 3.1', async () => {
    const doc = JSON.parse(readFileSync(committedPath, 'utf8'));
    await expect(SwaggerParser.validate(doc)).resolves.toBeTruthy();
  });

  it('gives every operation an id, summary, tag, security, permission and documented errors', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!path.startsWith('/v1/')) {
        // Probes and metrics are public by design (DESIGN §4).
        expect(op.security, where).toEqual([]);
        expect(op['x-permission'], where).toBe('public');
        continue;
      }
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(op.operationId!), `duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId!);
      expect(op.summary, where).toBeTruthy();
      expect(op.tags?.length, where).toBe(1);
      expect(op.security, where).toEqual([{ bearerAuth: [] }]);
      expect(op['x-permission'], where).toMatch(/^(partner|[a-z_]+:(read|write))$/);
      for (const status of ['400', '401', '403', '404', '429', '500']) {
        expect(op.responses?.[status], `${where} documents ${status}`).toBeDefined();
      }
      if (method === 'get') expect(op.requestBody, where).toBeUndefined();
    }
  });

  it('lists every route the app serves, and nothing it does not', () => {
    const app = appWithoutDatabase();
    const served = new Set(
      app.routes
        // Middleware (for every method, or the body chain for each method with a body), the
        // document and its rendering are not operations.
        .filter(
          (r) =>
            r.method !== 'ALL' &&
            !(bodyMiddleware as readonly unknown[]).includes(r.handler) &&
            r.path !== '/openapi.json' &&
            r.path !== '/docs',
        )
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(
      operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`),
    );
    expect([...served].sort()).toEqual([...documented].sort());
  });
});
