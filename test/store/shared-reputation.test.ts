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

async function instance(redisUrl: string | null, dataDir = mkdtempSync(path.join(tmpdir(), 'corkboard-rep-'))): Promise<Deps> {
  const config = loadConfig({
    CORKBOARD_LOG_LEVEL: 'error',
    CORKBOARD_DATA_DIR: dataDir,
    ...(redisUrl ? { CORKBOARD_REDIS_URL: redisUrl, CORKBOARD_REDIS_TIMEOUT_MS: '3000' } : {}),
  });
  return buildDeps(config, { model: null, context: { timers: false } });
}

/** Waits for each instance's store connection (its own bounded wait), failing if one never came. */
async function connected(instances: Deps[]): Promise<void> {
  const ready = await Promise.all(instances.map((d) => d.store!.ready()));
  if (!ready.every(Boolean)) throw new Error('the store did not connect');
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
    await connected([a, b]);
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

  it('a snapshot on disk reaches the store at start, even when the store comes up just after the instance', async () => {
    // An instance without the store records a pinner and saves its snapshot on close.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'corkboard-rep-'));
    const before = await instance(null, dataDir);
    await before.context.reputation.recordPins([{ subjects: pin('201', 'snapshot_pinner'), cls: 'label' }]);
    before.health.stop();
    await Promise.all([before.client.close(), before.context.close()]);

    // Restarted with the store, which starts a moment later (as in a compose file): start-up waits
    // for the connection, so the snapshot is merged into the store and no cache command fails.
    await server.stop();
    const starting = instance(server.url, dataDir);
    await server.start();
    const restarted = await starting;
    const reader = await instance(server.url);
    all.push(restarted, reader);
    const storeErrors = await restarted.metrics.registry.getSingleMetric('corkboard_store_errors_total')!.get();
    const failedCommands = storeErrors.values.filter((v) => v.labels.op !== 'connection'); // refused connects are expected here
    expect(failedCommands.reduce((n, v) => n + v.value, 0)).toBe(0);
    await connected([reader]); // the reader's own start is not under test
    const record = [...(await reader.context.reputation.records([{ kind: 'pinner', value: 'snapshot_pinner' }])).values()][0];
    expect(record?.pins).toEqual({ '201': 'label' });
  }, 60_000);
});
