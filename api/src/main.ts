import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { startPlatform } from './server.js';

function banner(
  url: string,
  demo: Awaited<ReturnType<typeof startPlatform>>['demo'],
  dataDir: string,
): string {
  const lines = [
    '',
    `  FinACEverse API listening on ${url}`,
    `  Docs:      ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
  ];
  if (demo) {
    const c = demo.credentials;
    lines.push(
      `  Demo keys ${demo.created ? 'created' : 'reused'} (also in ${dataDir}/demo.json):`,
      `    partner key  ${c.partner_key}`,
      `    tenant       ${c.tenant_id}`,
      `    tenant key   ${c.tenant_key}`,
      '',
      '  Try it:',
      `    curl ${url}/v1/accounts -H "Authorization: Bearer ${c.tenant_key}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = pino({ level: config.LOG_LEVEL });
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  try {
    platform = await startPlatform(config, logger);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(75);
    }
    logger.fatal(
      { error: { name: (err as Error).name, message: (err as Error).message } },
      'start failed',
    );
    process.exit(1);
  }
  process.stdout.write(banner(platform.url, platform.demo, config.FIN_DATA_DIR));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
