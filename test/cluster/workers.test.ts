// CORKBOARD_WORKERS=2: the compiled dist/src/main.js (what `npm start` runs) as a real process serves one port from two worker processes,
// replaces a worker that dies, and on SIGTERM stops them all and exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis-server.js';

const ROOT = resolve(import.meta.dirname, '../..');

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

async function until<T>(f: () => Promise<T | null> | T | null, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('CORKBOARD_WORKERS', () => {
  let proc: ChildProcess | null = null;
  afterAll(() => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  });

  // Three Node processes load the app on two shared cores: far longer than idle when the machine is busy.
  it('serves one port from N workers, replaces a dead one, and stops on SIGTERM', { timeout: 240_000 }, async () => {
    const port = await freePort();
    proc = spawn(process.execPath, [resolve(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port),
        CORKBOARD_WORKERS: '2',
        // No model: the workers start fast (they report degraded, which this test does not mind).
        CORKBOARD_MODEL: '/nonexistent/corkboard-workers-test.json',
        CORKBOARD_LOG_LEVEL: 'error',
        // Not the developer's ./corkboard-data (reputation snapshot, cookie key).
        CORKBOARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'corkboard-workers-')),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const exited = new Promise<number | null>((r) => proc!.once('exit', (code) => r(code)));
    const pid = proc.pid!;
    const origin = `http://127.0.0.1:${port}`;
    const ok = async () => {
      try {
        return (await fetch(`${origin}/healthz`)).status === 200;
      } catch {
        return false;
      }
    };
    // Both workers, counted by their command line (the primary forks them from dist/src/main.js).
    const workers = () => childrenOf(pid).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('dist/src/main.js');
      } catch {
        return false;
      }
    });
    await until(ok, 180_000, `the server to answer (${stderr})`);
    const first = await until(() => (workers().length === 2 ? workers() : null), 120_000, 'two workers');

    process.kill(first[0]!, 'SIGKILL');
    const replaced = await until(() => {
      const now = workers();
      return now.length === 2 && !now.includes(first[0]!) ? now : null;
    }, 120_000, 'a replacement worker');
    expect(replaced).toContain(first[1]);
    await until(ok, 60_000, 'the server after the replacement');
    for (let i = 0; i < 6; i++) expect((await fetch(`${origin}/healthz`)).status).toBe(200);

    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const w of replaced) expect(() => process.kill(w, 0)).toThrow();
  });
});
