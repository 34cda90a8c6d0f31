/**
 * A signal that aborts when any of `signals` does, with that signal's reason. `dispose`
 * detaches the listeners so long-lived caller signals do not accumulate them.
 *
 * @example
 * ```ts
 * const timeout = new AbortController();
 * const combined = anySignal([callerSignal, timeout.signal]);
 * try {
 *   await fetch(url, { signal: combined.signal });
 * } finally {
 *   combined.dispose();
 * }
 * ```
 */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const listeners = sources.map((source) => {
    const onAbort = () => controller.abort(source.reason);
    if (source.aborted) onAbort();
    else source.addEventListener('abort', onAbort, { once: true });
    return () => source.removeEventListener('abort', onAbort);
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const off of listeners) off();
    },
  };
}

/**
 * Rejects with the signal's reason once it aborts; never settles otherwise. Race it against
 * work that may ignore the signal.
 *
 * @example
 * ```ts
 * const response = await Promise.race([customFetch(request), whenAborted(signal)]);
 * ```
 */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * Waits `ms`, or rejects early with the signal's reason.
 *
 * @example
 * ```ts
 * await sleep(250, controller.signal);
 * ```
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
