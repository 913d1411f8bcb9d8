// The dispatcher is injectable (undici MockAgent here), and close() leaves an injected one alone.

import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { userCall } from '../../src/upstream/resource-requests.js';
import { makeClient } from './helpers/make-client.js';
import { envelope } from './helpers/test-server.js';

const WWW = 'https://www.pinterest.com';
let agent: MockAgent;

afterEach(async () => {
  await agent.close();
});

describe('injected agent', () => {
  it('sends through the injected dispatcher and does not close it', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(WWW);
    let seen: Record<string, string> = {};
    pool
      .intercept({ path: (p) => p.startsWith('/resource/UserResource/get/'), method: 'GET' })
      .reply(200, (opts) => {
        seen = opts.headers as Record<string, string>;
        return envelope({ username: 'someone' }) as object;
      })
      .times(2);
    const { client } = makeClient(WWW, { agent });
    const json = (await client.resource(userCall('someone'))) as { resource_response: { data: { username: string } } };
    expect(json.resource_response.data.username).toBe('someone');
    expect(seen['x-pinterest-pws-handler']).toBe('www/[username].js');
    await client.close();
    // Still usable by its owner after the client closed.
    const res = await agent.request({ origin: WWW, path: '/resource/UserResource/get/?x', method: 'GET' });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });

  it('rejects origins that carry a path, credentials or another scheme at creation', () => {
    agent = new MockAgent();
    for (const bad of ['ftp://www.pinterest.com', 'https://www.pinterest.com/path', 'https://u:p@www.pinterest.com', 'not a url', 'https://www.pinterest.com/?q=1']) {
      expect(() => makeClient(bad, { agent }), bad).toThrow(/origin/);
    }
  });
});
