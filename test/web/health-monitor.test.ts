// /healthz stall detection (issue 18): event-loop lag and upstream slots held past their deadline
// make the instance 'degraded', every page slot stuck makes it stop serving; all of it clears.
// Injected clocks throughout; one case holds a real slot on a hanging upstream.
import { afterAll, describe, expect, it } from 'vitest';
import { createHealthMonitor } from '../../src/web/health-monitor.js';
import type { SlotState } from '../../src/upstream/pinterest-client.js';
import { pinCall } from '../../src/upstream/resource-requests.js';
import { FAST_TIMEOUTS, makeClient } from '../upstream/helpers/make-client.js';
import { faults, startFaultUpstream } from '../hardening/helpers/fault-upstream.js';

const idle = (limit = 8): SlotState => ({ limit, active: 0, waiting: 0, overdue: 0 });

describe('health monitor', () => {
  it('an event-loop stall reads as degraded within one sample and clears after the recovery window', () => {
    let now = 0;
    const m = createHealthMonitor({ slots: () => ({ pages: idle(), media: idle() }), intervalMs: 500, lagThresholdMs: 1000, recoverMs: 10_000, now: () => now });
    for (let i = 0; i < 4; i++) {
      now += 500;
      m.tick();
    }
    expect(m.verdict()).toMatchObject({ status: 'ok', serving: true, reasons: [] });
    now += 500 + 3000; // the sampler ran 3 s late: the loop was blocked
    m.tick();
    const v = m.verdict();
    expect(v.status).toBe('degraded');
    expect(v.serving).toBe(true);
    expect(v.loopLagMs).toBe(3000);
    expect(v.reasons.join()).toMatch(/event loop blocked/);
    // Normal samples for less than the window: still degraded; past it: ok again.
    for (let t = 0; t < 9_000; t += 500) {
      now += 500;
      m.tick();
    }
    expect(m.verdict().status).toBe('degraded');
    for (let t = 0; t < 1_500; t += 500) {
      now += 500;
      m.tick();
    }
    expect(m.verdict()).toMatchObject({ status: 'ok', loopLagMs: 0 });
  });

  it('lag just under the threshold is not a stall', () => {
    let now = 0;
    const m = createHealthMonitor({ slots: () => ({ pages: idle(), media: idle() }), intervalMs: 500, lagThresholdMs: 1000, now: () => now });
    now += 500 + 900;
    m.tick();
    expect(m.verdict().status).toBe('ok');
  });

  it('overdue slots degrade; every page slot overdue means nothing can be served', () => {
    let slots = { pages: idle(4), media: idle(4) };
    const m = createHealthMonitor({ slots: () => slots, now: () => 0 });
    slots = { pages: { limit: 4, active: 4, waiting: 3, overdue: 1 }, media: idle(4) };
    expect(m.verdict()).toMatchObject({ status: 'degraded', serving: true });
    expect(m.verdict().reasons.join()).toMatch(/1 of 4 pages upstream slots held past their deadline/);
    slots = { pages: { limit: 4, active: 4, waiting: 9, overdue: 4 }, media: idle(4) };
    expect(m.verdict()).toMatchObject({ status: 'degraded', serving: false });
    slots = { pages: idle(4), media: { limit: 4, active: 4, waiting: 0, overdue: 4 } };
    expect(m.verdict()).toMatchObject({ status: 'degraded', serving: true });
    slots = { pages: idle(4), media: idle(4) };
    expect(m.verdict()).toMatchObject({ status: 'ok', serving: true });
  });
});

describe('a client slot held past its deadline (injected clock, hanging upstream)', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('shows as overdue while stuck, and not once the request has ended', async () => {
    const upstream = await startFaultUpstream();
    servers.push(upstream);
    upstream.on('/resource/', faults.hang());
    let clock = 1_000_000;
    // Real timeouts of 300 ms end the request; the injected clock jumps past the slot's deadline first.
    const { client } = makeClient(upstream.url, { now: () => clock, retries: 0, timeouts: FAST_TIMEOUTS });
    const m = createHealthMonitor({ slots: () => client.slotStates(), now: () => 0 });
    const pending = client.resource(pinCall('1234567890123456789')).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    expect(client.slotStates().pages.active).toBe(1);
    expect(m.verdict().status).toBe('ok');
    clock += 60_000;
    expect(client.slotStates().pages.overdue).toBe(1);
    expect(m.verdict().status).toBe('degraded');
    await pending;
    expect(client.slotStates().pages).toMatchObject({ active: 0, overdue: 0 });
    expect(m.verdict().status).toBe('ok');
    await client.close();
  });
});
