// Tests for src/metrics.ts: own registry per instance, names rendered, labels bounded.
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics.js';

describe('createMetrics', () => {
  it('renders every metric name with the recorded values', async () => {
    const m = createMetrics();
    m.observeRequest('pin', 200, 0.12);
    m.observeRequest('pin', 503, 0.5);
    m.upstreamCall('www.pinterest.com', 'ok');
    m.upstreamError('www.pinterest.com', 'rate-limited');
    m.cacheLookup('pages', 'hit');
    m.cacheLookup('pages', 'miss');
    m.imageScored('ai', 0.03);
    m.pinsHidden({ ai: 3, 'muted-word': 1, promoted: 0 });
    m.setScoreQueueLength(7);
    m.setInflight(2);
    const text = await m.render();
    for (const name of [
      'corkboard_http_requests_total',
      'corkboard_http_request_duration_seconds',
      'corkboard_upstream_requests_total',
      'corkboard_upstream_errors_total',
      'corkboard_cache_lookups_total',
      'corkboard_images_scored_total',
      'corkboard_scoring_duration_seconds',
      'corkboard_pins_hidden_total',
      'corkboard_score_queue_length',
      'corkboard_inflight_requests',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('corkboard_http_requests_total{route="pin",status="2xx"} 1');
    expect(text).toContain('corkboard_http_requests_total{route="pin",status="5xx"} 1');
    expect(text).toContain('corkboard_upstream_errors_total{host="www.pinterest.com",kind="rate-limited"} 1');
    expect(text).toContain('corkboard_cache_lookups_total{cache="pages",result="hit"} 1');
    expect(text).toContain('corkboard_pins_hidden_total{reason="ai"} 3');
    expect(text).not.toContain('reason="promoted"');
    expect(text).toContain('corkboard_score_queue_length 7');
    expect(m.contentType).toMatch(/^text\/plain/);
  });

  it('keeps instances apart (no global registry)', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.imageScored('ai', 0.01);
    expect(await a.render()).toContain('corkboard_images_scored_total{verdict="ai"} 1');
    expect(await b.render()).not.toContain('verdict="ai"');
  });

  it('clamps unexpected label values to "other"', async () => {
    const m = createMetrics();
    m.observeRequest('/pin/123?x=<script>', 999, -1);
    m.cacheLookup('Some Cache With Spaces', 'hit');
    const text = await m.render();
    expect(text).toContain('corkboard_http_requests_total{route="other",status="other"} 1');
    expect(text).toContain('cache="other"');
    expect(text).not.toContain('script');
  });

  it('can add process metrics on request', async () => {
    expect(await createMetrics({ defaultMetrics: true }).render()).toContain('corkboard_process_cpu_user_seconds_total');
  });
});
