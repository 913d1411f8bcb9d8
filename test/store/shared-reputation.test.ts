// Reputation records (issue 16) go through the shared store when one is configured (issue 19): a
// pinner's labelled pins seen by one instance count on every instance. Without a store each
// instance keeps its own records, as before. A real redis-server, never a mock. (Each instance
// keeps a record it has read in its local first level until that expires, so an update made
// elsewhere in the meantime shows there later.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildDeps, type Deps } from '../../src/deps.js';
import type { PinSubjects } from '../../src/context/pin-subjects.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const available = redisServerAvailable();

async function instance(redisUrl: string | null): Promise<Deps> {
  const config = loadConfig({
    CORKBOARD_LOG_LEVEL: 'error',
    CORKBOARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'corkboard-rep-')),
    ...(redisUrl ? { CORKBOARD_REDIS_URL: redisUrl, CORKBOARD_REDIS_TIMEOUT_MS: '3000' } : {}),
  });
  return buildDeps(config, { model: null, context: { timers: false } });
}

function pin(id: string, pinner: string): PinSubjects {
  return { pinId: id, pinner, board: null, domain: null, signatures: [] };
}

describe.skipIf(!available)('reputation records through the shared store', () => {
  let server: RedisServer;
  const all: Deps[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  }, 60_000);
  afterAll(async () => {
    for (const d of all) {
      d.health.stop();
      await Promise.allSettled([d.client.close(), d.context.close(), d.store?.close()]);
    }
    await server?.stop();
  });

  it('what one instance records, another reads; an instance without the store does not', async () => {
    const [a, b, alone] = await Promise.all([instance(server.url), instance(server.url), instance(null)]);
    all.push(a, b, alone);
    // The store connects in the background; until then writes stay local (no offline queue).
    const deadline = Date.now() + 20_000;
    while (![a, b].every((d) => d.store?.health().state === 'ok')) {
      if (Date.now() > deadline) throw new Error('the store did not connect');
      await new Promise((r) => setTimeout(r, 25));
    }
    const key = { kind: 'pinner' as const, value: 'ai_aesthetics' };
    expect([...(await b.context.reputation.records([key])).values()]).toEqual([null]);

    await a.context.reputation.recordPins([
      { subjects: pin('101', 'ai_aesthetics'), cls: 'label' },
      { subjects: pin('102', 'ai_aesthetics'), cls: 'label' },
      { subjects: pin('103', 'ai_aesthetics'), cls: 'not-ai' },
    ]);

    const seenByB = [...(await b.context.reputation.records([key])).values()][0];
    expect(seenByB?.pins).toEqual({ '101': 'label', '102': 'label', '103': 'not-ai' });
    expect([...(await alone.context.reputation.records([key])).values()]).toEqual([null]);
  }, 60_000);
});
