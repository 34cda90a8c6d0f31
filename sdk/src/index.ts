/**
 * TypeScript SDK for the FinACEverse API.
 *
 * @example
 * ```ts
 * import { FinACEverse, InvalidRequestError } from '@finaceverse/sdk';
 *
 * const fin = new FinACEverse({ apiKey: process.env.FIN_API_KEY! });
 * const tb = await fin.reports.trialBalance();
 * ```
 *
 * @packageDocumentation
 */

export * from './browser.js';
export { type VerifyWebhookOptions, verifyWebhook, type WebhookHeaders } from './webhooks.js';
