import type { HttpBindings } from '@hono/node-server';
import type { Context, Next } from 'hono';

/**
 * Runs the rest of the chain with `headers` on every answer to this request, whatever
 * produces the answer (a route, the error handler, a stream). On the Node server they go
 * straight onto Node's response, which merges them under the headers the answer is written
 * with: Hono's `c.header` makes an undici Headers object per request, and with it the
 * answer's headers become a Headers object to copy back into Node's, about 3 % of the API's
 * CPU on a small read (api/bench/README.md). Under `app.request` (tests), where there is no
 * Node response, `c.header`, and again on `c.res` once the chain has answered, for answers
 * not built from the context.
 */
export function withAnswerHeaders(
  c: Context,
  next: Next,
  headers: Record<string, string>,
): Promise<void> {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (outgoing) {
    for (const name in headers) outgoing.setHeader(name, headers[name] as string);
    return next();
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return next().then(() => {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  });
}
