import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { AppEnv } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';

/** `lines[0][amount]`, the way Stripe names nested parameters. */
export function paramName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return (head ?? '') + rest.map((p) => `[${p}]`).join('');
}

/** A required value that is not there: directly, or in every branch of a union. */
function isAbsent(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return issue.input === undefined;
  return (
    issue.code === 'invalid_union' &&
    issue.errors.length > 0 &&
    issue.errors.every(
      (branch) => branch.length > 0 && branch.every((i) => i.path.length === 0 && isAbsent(i)),
    )
  );
}

export function zodToAppError(error: Pick<z.ZodError, 'issues'>): AppError<KernelErrorCode> {
  const issue = error.issues[0];
  if (!issue) return new AppError('invalid_request_error', 'parameter_invalid', 'Invalid request');
  if (issue.code === 'unrecognized_keys') {
    const param = paramName([...issue.path, issue.keys[0] ?? '']);
    return new AppError(
      'invalid_request_error',
      'parameter_unknown',
      `Received unknown parameter: ${param}`,
      {
        param,
      },
    );
  }
  const param = paramName(issue.path);
  if (isAbsent(issue)) {
    return new AppError(
      'invalid_request_error',
      'parameter_missing',
      `Missing required param: ${param}`,
      {
        param,
      },
    );
  }
  const message = param ? `Invalid ${param}: ${issue.message}` : issue.message;
  return new AppError(
    'invalid_request_error',
    'parameter_invalid',
    message,
    param ? { param } : {},
  );
}

/** The one validation hook every router shares, so every 400 has the same shape. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw zodToAppError(result.error as z.ZodError);
};
