import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 20;

const invalid = (code: KernelErrorCode, message: string, status?: number) =>
  new AppError<KernelErrorCode>('invalid_request_error', code, message, status ? { status } : {});

const bodyLimitOf = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw invalid('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`, 413);
  },
});

/** The methods whose requests carry a body: limitBody and parseJsonBody are registered for
 * these alone (app.ts), so a read never reaches them. */
export const bodyMethods = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * 413 past MAX_BODY_BYTES. A body with a declared length is judged by that length: Node's
 * HTTP parser delivers exactly the declared bytes, so nothing more can arrive. Only a body
 * of unknown length (chunked) goes through Hono's bodyLimit, which counts it as it streams:
 * that needs the WHATWG Request, which @hono/node-server otherwise never builds (the JSON
 * body is read straight from the Node request), and building it cost a tenth of the API's
 * CPU per posting (api/bench/README.md). For bodyMethods only.
 */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const declared = c.req.header('content-length');
  if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
    return bodyLimitOf(c, next);
  }
  if (Number(declared) > MAX_BODY_BYTES) {
    throw invalid('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`, 413);
  }
  return next();
};

interface Shape {
  depth: number;
  /** Where a string holding NUL sits, as a param path (`lines[0][description]`). */
  nulAt: string | undefined;
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string;
}

/** `lines[0][description]` for a frame: built only when a NUL was found, never per node. */
function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
  keys.reverse();
  return (
    (keys[0] ?? '') +
    keys
      .slice(1)
      .map((k) => `[${k}]`)
      .join('')
  );
}

/** Nesting depth (stopping past `limit`) and the first string or key holding NUL, which
 * PostgreSQL cannot store in text. */
function shapeOf(value: unknown, limit: number): Shape {
  let depth = 0;
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      if (v.includes('\0')) return { depth, nulAt: pathOf(frame) };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (frame.depth > depth) depth = frame.depth;
    if (depth > limit) return { depth, nulAt: undefined };
    for (const k in v) {
      const child: Frame = {
        value: (v as Record<string, unknown>)[k],
        depth: frame.depth + 1,
        parent: frame,
        key: k,
      };
      if (k.includes('\0')) return { depth, nulAt: pathOf(child) };
      stack.push(child);
    }
  }
  return { depth, nulAt: undefined };
}

/**
 * Parses a JSON body once, before any handler: malformed JSON, a non-JSON content type or
 * nesting deeper than MAX_JSON_DEPTH are refused with a 4xx naming the problem. For
 * bodyMethods only.
 */
export const parseJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const text = await c.req.text();
  if (!/\S/.test(text)) return next();
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]+\+)?json\b/i.test(type)) {
    throw invalid(
      'unsupported_media_type',
      'Send request bodies as JSON with `Content-Type: application/json`.',
      415,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('invalid_json', 'The request body is not valid JSON.');
  }
  const shape = shapeOf(parsed, MAX_JSON_DEPTH);
  if (shape.depth > MAX_JSON_DEPTH) {
    throw invalid('json_too_deep', `JSON bodies may nest at most ${MAX_JSON_DEPTH} levels deep.`);
  }
  if (shape.nulAt !== undefined) {
    throw new AppError<KernelErrorCode>(
      'invalid_request_error',
      'parameter_invalid',
      'Text values cannot contain the NUL character (\\u0000).',
      shape.nulAt ? { param: shape.nulAt } : {},
    );
  }
  c.req.bodyCache.json = Promise.resolve(parsed);
  await next();
};
