// Issue 18 row 13: the deployment files. The Dockerfile ran Node 20 (end of life 2026-04-30); the
// compose example set neither proxy variable, and its health check (`r.ok`) could not see a
// stalled instance. Checked here: a supported LTS on Debian slim in every stage, the proxy
// variables, and the compose health check's verdicts against a stand-in /healthz.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
const compose = readFileSync(new URL('compose.yaml', root), 'utf8');

describe('Dockerfile base image (issue 18 row 13)', () => {
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!).filter((image) => image.startsWith('node:'));
  it('every Node stage is the same supported LTS (22 or 24) on Debian slim, never Alpine', () => {
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) {
      expect(image).toMatch(/^node:(22|24)\.\d+\.\d+-(bookworm|trixie)-slim(@sha256:[0-9a-f]{64})?$/);
      expect(image).not.toMatch(/alpine/);
    }
    expect(new Set(froms).size).toBe(1);
  });

  it('says how to pin and update the digest', () => {
    expect(dockerfile).toContain('docker buildx imagetools inspect');
  });
});

describe('compose example (issue 18 row 13)', () => {
  it('sets the proxy variables and a memory limit above the measured peak', () => {
    expect(compose).toMatch(/CORKBOARD_TRUST_PROXY:\s*"on"/);
    expect(compose).toMatch(/CORKBOARD_PUBLIC_URL:\s*"https:\/\/[^"]+"/);
    const limit = /mem_limit:\s*(\d+)([mg])/.exec(compose);
    expect(limit).not.toBeNull();
    const mib = Number(limit![1]) * (limit![2] === 'g' ? 1024 : 1);
    // The measured cold-load peak is 370 MB, projected 560 MB with full default caches.
    expect(mib).toBeGreaterThanOrEqual(768);
  });

  describe('the health check sees stalls', () => {
    const test = /healthcheck:\s*\n\s*test:\s*\["CMD", "node", "-e", "((?:[^"\\]|\\.)*)"\]/.exec(compose);
    type Answer = { status: number; body: unknown } | 'hang';
    let answer: Answer = { status: 200, body: {} };
    let server: http.Server;
    let port = 0;
    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        if (answer === 'hang') return;
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });

    /** Runs the compose health check against the stand-in; its exit code. */
    function check(): Promise<number> {
      const script = JSON.parse(`"${test![1]}"`).replace('127.0.0.1:8080', `127.0.0.1:${port}`);
      return new Promise((resolve) => execFile(process.execPath, ['-e', script], { timeout: 30_000 }, (e) => resolve(e ? (typeof e.code === 'number' ? e.code : -1) : 0)));
    }

    const cases: Array<[string, Answer, number]> = [
      ['ok', { status: 200, body: { status: 'ok', stalls: [] } }, 0],
      ['ok without a stalls field (older /healthz)', { status: 200, body: { status: 'ok' } }, 0],
      ['degraded upstream, no stall (a restart would not help)', { status: 200, body: { status: 'degraded', upstream: { www: 'open' }, stalls: [] } }, 0],
      ['a stall listed', { status: 200, body: { status: 'degraded', stalls: ['event loop blocked for up to 4000 ms'] } }, 1],
      ['503: nothing can be served', { status: 503, body: { status: 'degraded', stalls: ['upstream slots held past their deadline'] } }, 1],
      ['no answer (a blocked event loop)', 'hang', 1],
    ];
    it('is in the compose file', () => expect(test).not.toBeNull());
    it.each(cases)('%s -> exit %s', async (_name, a, want) => {
      answer = a;
      expect(await check()).toBe(want);
    }, 40_000);
  });
});
