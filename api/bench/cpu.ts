import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time from /proc (Linux only; elsewhere every figure is NaN): how much the server
 * process and the PostgreSQL backends spent per request, and how busy unrelated processes
 * kept the machine. On a shared machine a window in which something else ran is noise; this
 * makes that visible.
 */
export interface CpuSnapshot {
  busy: number;
  total: number;
  /** Ticks of the bench's own processes: the given pids and the database's processes. */
  ours: Map<number, number>;
  /** The PostgreSQL processes among them. */
  postgres: Set<number>;
}

/** Linux reports process times in USER_HZ, which is 100 on every mainstream build. */
const TICKS_PER_SECOND = 100;

function machineTicks(): { busy: number; total: number } | undefined {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal (guest time is already in user).
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some(Number.isNaN)) return undefined;
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/** utime + stime of a process, or undefined once it is gone. */
export function processTicks(pid: number): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields after the name start at field 3 (state); utime is 14, stime 15.
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a `postgres` process works for the bench's database: its client backends, and the
 * server-wide helpers (checkpointer, WAL writer, ...) whose titles name no client address.
 * Other databases' backends (other users of a shared server) are not ours.
 */
function servesDatabase(pid: number, database: string): boolean {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return title.includes(` ${database} `) || !/\(\d+\)|\[local\]/.test(title);
  } catch {
    return false;
  }
}

/** `database`: the PostgreSQL database the servers use, when they use the server at all. */
export function snapshot(pids: number[], database?: string): CpuSnapshot | undefined {
  try {
    const machine = machineTicks();
    if (!machine) return undefined;
    const ours = new Map<number, number>();
    const postgres = new Set<number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const p = processTicks(pid);
      if (!p) continue;
      const db = database !== undefined && p.comm === 'postgres' && servesDatabase(pid, database);
      if (db) postgres.add(pid);
      if (db || pids.includes(pid)) ours.set(pid, p.ticks);
    }
    return { ...machine, ours, postgres };
  } catch {
    return undefined;
  }
}

export interface CpuUse {
  /** Share of the whole machine (all cores) used by unrelated processes. */
  otherShare: number;
  /** CPU seconds of one process. */
  seconds(pid: number): number;
  /** CPU seconds of the PostgreSQL processes serving the bench's database. */
  postgresSeconds: number;
}

const unknown: CpuUse = {
  otherShare: Number.NaN,
  seconds: () => Number.NaN,
  postgresSeconds: Number.NaN,
};

export function cpuBetween(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined): CpuUse {
  if (!a || !b || b.total <= a.total) return unknown;
  const delta = (pid: number) => (b.ours.get(pid) ?? 0) - (a.ours.get(pid) ?? 0);
  let ours = 0;
  for (const pid of b.ours.keys()) ours += delta(pid);
  let postgres = 0;
  for (const pid of b.postgres) postgres += delta(pid);
  return {
    otherShare: Math.max(0, b.busy - a.busy - ours) / (b.total - a.total),
    seconds: (pid) => (b.ours.has(pid) ? delta(pid) / TICKS_PER_SECOND : Number.NaN),
    postgresSeconds: postgres / TICKS_PER_SECOND,
  };
}
