// The client accepts Pinterest's real recorded answers (../shared/fixtures/pinterest, when
// present): the search envelope passes the status check and every recorded HTML page passes
// page(), served gzip-encoded as Pinterest does.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCall } from '../../src/upstream/resource-requests.js';
import { makeClient } from './helpers/make-client.js';
import { startServer, type TestServer } from './helpers/test-server.js';

const dir = path.resolve(process.cwd(), '../shared/fixtures/pinterest');
const present = existsSync(dir);
if (!present) console.warn('skipping upstream fixture conformance: ../shared not present');

describe.skipIf(!present)('recorded Pinterest answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1).replace(/\/$/, ''));
      const file = path.join(dir, name.startsWith('resource') ? 'api-BaseSearchResource-v3_search_pins-nature-aesthetic-loggedout-2024.json' : name);
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': file.endsWith('.json') ? 'application/json' : 'text/html' });
      res.end(zlib.gzipSync(readFileSync(file)));
    });
  });
  afterAll(() => server?.close());

  it('the recorded search response passes the envelope check unchanged', async () => {
    const { client } = makeClient(server.origin, { maxBodyBytes: 4 << 20 });
    const json = (await client.resource(searchCall('nature aesthetic'))) as { resource_response: { status: string; data: { results: unknown[] } } };
    expect(json.resource_response.status).toBe('success');
    expect(json.resource_response.data.results.length).toBeGreaterThan(0);
    await client.close();
  });

  it('every recorded HTML page is accepted by page(), byte for byte', async () => {
    const { client } = makeClient(server.origin, { maxBodyBytes: 4 << 20 });
    const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const f of pages) {
      const html = await client.page(`/${encodeURIComponent(f)}/`);
      expect(html).toBe(readFileSync(path.join(dir, f), 'utf8'));
    }
    await client.close();
  });
});
