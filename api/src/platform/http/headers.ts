import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * The Node response of this request when it is served by @hono/node-server; undefined under
 * `app.request` (tests), where there is none.
 */
export function nodeResponse(c: Context): HttpBindings['outgoing'] | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.outgoing;
}

/**
 * Sets a header that every answer to this request carries, whatever produces the answer (a
 * route, the error handler, a stream). On the Node server it goes straight onto Node's
 * response, which merges it under the headers the answer is written with: Hono's
 * `c.header` makes an undici Headers object per request, and with it the answer's headers
 * become a Headers object to copy back into Node's, about 3 % of the API's CPU on a small
 * read (api/bench/README.md). Without a Node response, `c.header`; the caller also sets it
 * on `c.res` after the handler for answers not built from the context (see observe).
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = nodeResponse(c);
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}
