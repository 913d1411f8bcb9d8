// Test helper: a loopback "www.pinterest.com" whose search results the test decides, built from
// the demo's synthetic pins (recorded REST shapes). Images come from the regular fake Pinterest.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { syntheticId, syntheticPin } from '../../../demo/fake-synthetic.js';

type Json = Record<string, unknown>;

export interface MadePin {
  id: string;
  json: Json;
}

/** A synthetic pin by `username` on `board`, with Pinterest's AI label (11) when `labelled`. */
export function makePin(key: string, opts: { username: string; board?: string; labelled?: boolean; signature?: string; link?: string }): MadePin {
  const id = syntheticId('77', key);
  const json = syntheticPin(id, { username: opts.username, boardSlug: opts.board ?? 'everything' });
  json['digital_media_source_type'] = opts.labelled ? 11 : null;
  if (opts.link) {
    json['link'] = opts.link;
    json['domain'] = new URL(opts.link).hostname;
  }
  if (opts.signature) {
    const sig = opts.signature;
    const dirs = `${sig.slice(0, 2)}/${sig.slice(2, 4)}/${sig.slice(4, 6)}`;
    json['image_signature'] = sig;
    const images = json['images'] as Record<string, { url: string }>;
    for (const [size, v] of Object.entries(images)) v.url = `https://i.pinimg.com/${size === 'orig' ? 'originals' : size === '170x' ? '236x' : size}/${dirs}/${sig}.jpg`;
  }
  return { id, json };
}

function envelope(name: string, data: unknown): Json {
  return {
    resource_response: { status: 'success', code: 0, message: 'ok', data, http_status: 200, bookmark: '-end-' },
    client_context: { is_authenticated: false },
    resource: { name, options: {} },
  };
}

export interface PinUpstream {
  url: string;
  /** Search results per query (lower case). */
  searches: Map<string, MadePin[]>;
  close(): Promise<void>;
}

export async function startPinUpstream(): Promise<PinUpstream> {
  const searches = new Map<string, MadePin[]>();
  const byId = () => new Map([...searches.values()].flat().map((p) => [p.id, p.json]));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/resource\/(\w+)\/get\/$/.exec(url.pathname);
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (!m) {
      // Pin pages: an HTML page without data, so the client falls back to PinResource.
      send(200, '<!DOCTYPE html><html><head><title>Pinterest</title></head><body></body></html>', 'text/html; charset=utf-8');
      return;
    }
    let options: Json = {};
    try {
      options = ((JSON.parse(url.searchParams.get('data') ?? '{}') as Json)['options'] ?? {}) as Json;
    } catch {
      // answered below as an empty result
    }
    const name = m[1]!;
    if (name === 'BaseSearchResource') {
      const q = String(options['query'] ?? '').trim().toLowerCase();
      send(200, envelope(name, { results: (searches.get(q) ?? []).map((p) => p.json) }));
    } else if (name === 'PinResource') {
      const pin = byId().get(String(options['id'] ?? ''));
      send(pin ? 200 : 404, envelope(name, pin ?? null));
    } else {
      send(200, envelope(name, []));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    searches,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
