import type { OpenAPIHono } from '@hono/zod-openapi';
import { calcRoutes } from './modules/calc/index.js';
import { ledgerRoutes, seedChartOfAccounts } from './modules/ledger/index.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { embedTokenRoutes } from './platform/auth/embed-tokens.js';
import type { AppEnv } from './platform/context.js';
import { eventTypeRoutes } from './platform/events/event-types.routes.js';
import { eventRoutes } from './platform/events/events.routes.js';
import { eventStreamRoutes } from './platform/events/events-stream.routes.js';
import { apiKeyRoutes } from './platform/tenancy/api-keys.routes.js';
import { tenantRoutes } from './platform/tenancy/tenants.routes.js';
import { webhookRoutes } from './platform/webhooks/webhooks.routes.js';

/** Every router mounted under /v1. A new module adds its routes here. */
export function registerModules(
  app: OpenAPIHono<AppEnv>,
  documentSchemas: () => Record<string, unknown>,
): void {
  app.route('/v1', tenantRoutes(seedChartOfAccounts));
  app.route('/v1', apiKeyRoutes);
  app.route('/v1', embedTokenRoutes);
  // Before eventRoutes: /events/stream must not be taken for /events/{id}.
  app.route('/v1', eventStreamRoutes);
  app.route('/v1', eventRoutes);
  app.route('/v1', eventTypeRoutes(documentSchemas));
  app.route('/v1', auditRoutes);
  app.route('/v1', webhookRoutes);
  for (const routes of ledgerRoutes) app.route('/v1', routes);
  for (const routes of calcRoutes) app.route('/v1', routes);
}
