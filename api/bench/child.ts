import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here so `--import tsx` resolves. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const STDERR_TAIL = 4000;

export interface ServerChild {
  name: string;
  pid: number;
  /** The first match of the ready pattern on stdout. */
  ready: RegExpExecArray;
  /** Resolves with the next stdout line matching `pattern` (lines already seen do not count). */
  nextLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChildSpec {
  name: string;
  /** Script path relative to the repository root. */
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  ready: RegExp;
  readyTimeoutMs: number;
}

type Waiter = { pattern: RegExp; resolve: (m: RegExpExecArray) => void };

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => child.once('exit', () => ok()));
}

/** Runs a server in its own Node process so it never shares an event loop with the load. */
export function startChild(spec: ChildSpec): Promise<ServerChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...(spec.nodeArgs ?? []), spec.script],
    {
      cwd: repoRoot,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let pending = '';
  const waiters: Waiter[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      for (const w of [...waiters]) {
        const m = w.pattern.exec(line);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });

  const nextLine = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${spec.name}: no line matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        pattern,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      waiters.push(waiter);
    });

  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited(child);
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      reject(
        new Error(
          `${spec.name} exited before it was ready (code ${code}, signal ${signal}):\n${stderr}`,
        ),
      );
    };
    child.once('exit', onExit);
    child.once('error', reject);
    nextLine(spec.ready, spec.readyTimeoutMs).then(
      (ready) => {
        child.off('exit', onExit);
        resolve({
          name: spec.name,
          pid: child.pid ?? -1,
          ready,
          nextLine,
          signal: (s) => child.kill(s),
          stop,
        });
      },
      (err: unknown) => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        reject(new Error(`${(err as Error).message}\n${stderr}`));
      },
    );
  });
}
