// The instance as its own process (the compiled dist/src/main.js, as `npm start` runs it), so load
// tests measure the server alone and its memory can be read from /proc: VmRSS sampled, VmHWM (the kernel's peak).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';

export interface ServerProcess {
  pid: number;
  origin: string;
  /** Last lines the server wrote to stderr (for failure messages). */
  stderrTail(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

export async function startServerProcess(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [resolve(PROJECT_ROOT, 'dist/src/main.js')], {
    cwd: PROJECT_ROOT,
    // Only what the instance needs: PATH and HOME for node, a fresh data folder (not the
    // developer's ./corkboard-data, which it would read at start and write on exit), then the
    // benchmark's settings.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      CORKBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'corkboard-bench-')),
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${readyTimeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    origin,
    stderrTail: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmRSS and VmHWM of one process, in MiB (null when it is gone). */
export function readMemory(pid: number): { rssMiB: number; hwmMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) the process has used so far; null when it is gone. */
export function readCpuSeconds(pid: number, ticksPerSecond = 100): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" of the command name: state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** The process and all its descendants (cluster workers). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name sits in parentheses and may contain spaces: read the fields after ")".
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

export interface MemorySampler {
  stop(): { peakRssMiB: number; peakTreeRssMiB: number; hwmMiB: number; samples: number };
}

/** Samples the server's RSS (and its process tree's) every intervalMs until stopped. */
export function sampleMemory(pid: number, intervalMs = 100): MemorySampler {
  let peakRss = 0;
  let peakTree = 0;
  let hwm = 0;
  let samples = 0;
  let tree: number[] = [pid];
  const tick = () => {
    const own = readMemory(pid);
    if (!own) return;
    // Walking /proc for descendants costs more than one status read: refresh it once a second.
    if (samples % Math.max(1, Math.round(1000 / intervalMs)) === 0) tree = processTree(pid);
    samples++;
    peakRss = Math.max(peakRss, own.rssMiB);
    hwm = Math.max(hwm, own.hwmMiB);
    const treeRss = tree.reduce((sum, p) => sum + (p === pid ? own.rssMiB : readMemory(p)?.rssMiB ?? 0), 0);
    peakTree = Math.max(peakTree, treeRss);
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peakRssMiB: peakRss, peakTreeRssMiB: peakTree, hwmMiB: hwm, samples };
    },
  };
}
