/**
 * FinACEverse embed example: a plain HTML page showing every web component, with an embed
 * token minted on this server so no secret key ever reaches the browser.
 *
 *   npm start                   # terminal 1: the API with demo keys
 *   npm run example:embed       # terminal 2, then open http://localhost:4300
 *
 * Reads FIN_API_URL (default http://localhost:4000) and FIN_TENANT_KEY; without a key it uses
 * the demo tenant key the API wrote to `.finaceverse/demo.json` on its first start.
 * FIN_EMBED_PORT changes the port. Build the elements first:
 * `npm run build -w @finaceverse/web-components`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FinACEverse, FinAPIError } from '@finaceverse/sdk';
import { demoKey } from '../demo-keys.js';
import { seedSampleData } from './sample-data.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const pagePath = fileURLToPath(new URL('./index.html', import.meta.url));
const defaultDistDir = join(repoRoot, 'web-components', 'dist');

/** What every element on the page needs; the token can do nothing else. */
export const EMBED_SCOPES = [
  'accounts:read',
  'customers:read',
  'invoices:write',
  'journal_entries:write',
  'reports:read',
];
const TOKEN_TTL_SECONDS = 300;

/** FIN_TENANT_KEY, else the `tenant_key` of the first demo.json found. */
export const tenantKey = (env: NodeJS.ProcessEnv = process.env): string =>
  demoKey('tenant_key', 'FIN_TENANT_KEY', env);

export interface EmbedServerOptions {
  /** The API the page talks to, e.g. http://localhost:4000. */
  apiUrl: string;
  /** A secret key of the tenant whose books the page shows; it stays on this server. */
  tenantKey: string;
  /** 0 picks a free port. */
  port: number;
  /** Default localhost. */
  host?: string;
  /** Where the built elements are; default web-components/dist. */
  distDir?: string;
}

export interface RunningEmbedServer {
  url: string;
  /** The origins the tokens are minted for. */
  origins: string[];
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

/**
 * Starts the page server: `GET /` is the page, `GET /dist/*` the built elements, and
 * `POST /token` mints a short-lived embed token for this page's origin (what the page's
 * `fetchToken` calls). In a real app `/token` sits behind your own login and passes the
 * signed-in user as `subject`.
 */
export async function startEmbedServer(options: EmbedServerOptions): Promise<RunningEmbedServer> {
  const fin = new FinACEverse({ apiKey: options.tenantKey, baseUrl: options.apiUrl });
  const distDir = resolve(options.distDir ?? defaultDistDir);
  let origins: string[] = [];

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
        return send(res, 200, contentTypes['.html']!, await readFile(pagePath));
      }
      if (req.method === 'POST' && path === '/token') {
        const minted = await fin.embedTokens.create({
          scopes: EMBED_SCOPES,
          allowed_origins: origins,
          ttl_seconds: TOKEN_TTL_SECONDS,
          subject: 'embed-example',
        });
        return json(res, 200, {
          token: minted.token,
          scopes: minted.scopes,
          expires_at: minted.expires_at,
          api_url: options.apiUrl,
        });
      }
      if (req.method === 'GET' && path.startsWith('/dist/')) {
        const file = normalize(join(distDir, decodeURIComponent(path.slice('/dist/'.length))));
        if (!file.startsWith(distDir + sep) || !existsSync(file)) {
          return send(res, 404, 'text/plain', `Not found. Built the elements? (${file})`);
        }
        const type = contentTypes[extname(file)] ?? 'application/octet-stream';
        return send(res, 200, type, await readFile(file));
      }
      send(res, 404, 'text/plain', 'Not found');
    } catch (err) {
      const message =
        err instanceof FinAPIError
          ? `${err.code}: ${err.message} (request ${err.requestId})`
          : 'token minting failed';
      console.error(err instanceof FinAPIError ? message : err);
      json(res, 502, { error: message });
    }
  });

  const host = options.host ?? 'localhost';
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  // Both names of this machine, so the page works whichever one the browser was given.
  origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return {
    url: `http://${host}:${port}`,
    origins,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const apiUrl = process.env.FIN_API_URL ?? 'http://localhost:4000';
  const key = tenantKey();
  const fin = new FinACEverse({ apiKey: key, baseUrl: apiUrl });
  const seeded = await seedSampleData(fin);
  if (seeded) console.log(`Sample data added to the tenant: ${seeded}`);
  if (!existsSync(join(defaultDistDir, 'finaceverse-elements.js'))) {
    console.warn(
      'web-components/dist is not built: run `npm run build -w @finaceverse/web-components`.',
    );
  }
  const server = await startEmbedServer({
    apiUrl,
    tenantKey: key,
    port: Number(process.env.FIN_EMBED_PORT ?? 4300),
  });
  console.log(`Embed example on ${server.url} (tokens minted for ${server.origins.join(', ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    if (err instanceof FinAPIError) {
      console.error(
        `${err.name} ${err.status} ${err.code}: ${err.message} (request ${err.requestId})`,
      );
    } else {
      console.error(err);
    }
    process.exitCode = 1;
  });
}
