import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built package; FIN_WC_DIST points the suite at another build of it. */
export const distDir = process.env.FIN_WC_DIST
  ? join(resolve(process.env.FIN_WC_DIST), sep)
  : fileURLToPath(new URL('../../../dist/', import.meta.url));
export const BUNDLE = 'finaceverse-elements.js';

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page every test starts from: the bundle loaded as a module and an empty `<main>`. */
export const testPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FinACEverse web components test page</title>
<style>body { margin: 0; padding: 16px; background: #fff; font-family: system-ui, sans-serif; }</style>
<script type="module" src="/dist/${BUNDLE}"></script>
</head>
<body><main id="root"></main></body>
</html>
`;

async function handle(
  url: string,
): Promise<{ status: number; type: string; body: Buffer | string }> {
  const path = new URL(url, 'http://x').pathname;
  if (path === '/' || path === '/index.html') {
    return { status: 200, type: 'text/html; charset=utf-8', body: testPage };
  }
  if (path.startsWith('/dist/')) {
    const file = normalize(join(distDir, decodeURIComponent(path.slice('/dist/'.length))));
    if (file.startsWith(distDir) || `${file}${sep}` === distDir) {
      try {
        const body = await readFile(file);
        return { status: 200, type: types[extname(file)] ?? 'application/octet-stream', body };
      } catch {
        // Falls through to the 404.
      }
    }
  }
  return { status: 404, type: 'text/plain; charset=utf-8', body: 'not found' };
}

export interface StaticServer {
  /** The origin the test pages are served from, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the test page and `dist/` on its own port: a different origin from the API, so every
 * call from the page is a cross-origin request that exercises CORS.
 */
export async function startStaticServer(): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    handle(req.url ?? '/').then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
