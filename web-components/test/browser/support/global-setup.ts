import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { startApiServer } from './api-server.js';
import { artifactsDir } from './artifacts.js';
import { launchOptions } from './browser.js';
import { BUNDLE, distDir, startStaticServer } from './static-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    partnerKey: string;
    /** Origin of the test page, the one embed tokens are minted for. */
    pageOrigin: string;
    /** A second origin serving the same page, for tokens used where they are not allowed. */
    foreignOrigin: string;
    wsEndpoint: string;
  }
}

/**
 * Once per run: the live API on PGlite, the test page on two origins of its own, and one
 * Chromium that every test file connects to.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(distDir, BUNDLE))) {
    throw new Error(
      `web-components/dist/${BUNDLE} is missing: run \`npm run build -w @finaceverse/web-components\` first.`,
    );
  }
  mkdirSync(join(artifactsDir, 'screenshots'), { recursive: true });
  const [api, page, foreign, browser] = await Promise.all([
    startApiServer(),
    startStaticServer(),
    startStaticServer(),
    chromium.launchServer(launchOptions),
  ]);
  project.provide('apiUrl', api.url);
  project.provide('partnerKey', api.partnerKey);
  project.provide('pageOrigin', page.origin);
  project.provide('foreignOrigin', foreign.origin);
  project.provide('wsEndpoint', browser.wsEndpoint());

  return async () => {
    await Promise.allSettled([browser.close(), page.close(), foreign.close(), api.close()]);
  };
}
