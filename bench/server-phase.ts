// One server process under cached load: start it, settle the page, drive some cold (scoring)
// traffic, then autocannon, sampling its memory throughout.
import { fakeUpstreamEnv } from './bench-instance.js';
import { measureCachedLoad, warmPage, type LoadResult } from './cached-load.js';
import type { PageFigures } from './page-figures.js';
import { readCpuSeconds, readMemory, sampleMemory, startServerProcess } from './server-process.js';
import { round } from './stats.js';

export interface ServerPhaseResult {
  label: string;
  modelLoaded: boolean;
  /** RSS right after start-up (model loaded, nothing served yet). */
  idleRssMiB: number;
  /** Highest sampled RSS while serving cold pages whose images the model scored. */
  coldTrafficPeakRssMiB: number;
  /** Highest sampled RSS during the cached load test. */
  cachedLoadPeakRssMiB: number;
  /** The kernel's high-water mark for the server process over its whole life. */
  vmHwmMiB: number;
  /** Peak RSS of the server with any helper processes it started (e.g. the TypeScript loader's esbuild). */
  treePeakRssMiB: number;
  warmPage: PageFigures;
  load: LoadResult;
  /** Server CPU time per cached page during the load test (all its threads), and the pages per
   *  second one fully free core could therefore serve: a figure less swayed by a busy machine. */
  cpuMsPerRequest: number | null;
  pagesPerCoreSecond: number | null;
  /** The same load on a trivial route (/healthz): what the HTTP stack and middleware allow at best. */
  ceiling: LoadResult | null;
}

export interface ServerPhaseOptions {
  label: string;
  fakeUrl: string;
  /** Manifest path for CORKBOARD_MODEL; a missing file runs the instance without a model. */
  modelManifest: string;
  path: string;
  /** Distinct cold pages served before the load test, so the model runs (and allocates) for real. */
  coldPaths: string[];
  connections: number;
  durationS: number;
  /** Also load /healthz for this many seconds, as the stack's ceiling (0: skip). */
  ceilingS?: number;
}

export async function runServerPhase(opts: ServerPhaseOptions): Promise<ServerPhaseResult> {
  const server = await startServerProcess({ ...fakeUpstreamEnv(opts.fakeUrl), CORKBOARD_MODEL: opts.modelManifest });
  try {
    const info = (await (await fetch(`${server.origin}/info.json`)).json()) as { model?: { loaded?: unknown } };
    const modelLoaded = info.model?.loaded === true;
    const idle = readMemory(server.pid);
    // The stack's ceiling first, on a fresh process, so no backlog from the page load skews it.
    const ceiling = opts.ceilingS ? await measureCachedLoad(server.origin, '/healthz', { connections: opts.connections, durationS: opts.ceilingS }) : null;
    const cold = sampleMemory(server.pid);
    for (const p of opts.coldPaths) {
      const res = await fetch(server.origin + p);
      await res.arrayBuffer();
    }
    const warm = await warmPage(server.origin, opts.path);
    const coldMem = cold.stop();
    const loadMem = sampleMemory(server.pid);
    const cpuBefore = readCpuSeconds(server.pid);
    const load = await measureCachedLoad(server.origin, opts.path, { connections: opts.connections, durationS: opts.durationS });
    const cpuAfter = readCpuSeconds(server.pid);
    const loadPeak = loadMem.stop();
    const cpuMs = cpuBefore !== null && cpuAfter !== null && load.total > 0 ? ((cpuAfter - cpuBefore) * 1000) / load.total : null;
    return {
      label: opts.label,
      modelLoaded,
      idleRssMiB: round(idle?.rssMiB ?? Number.NaN),
      coldTrafficPeakRssMiB: round(coldMem.peakRssMiB),
      cachedLoadPeakRssMiB: round(loadPeak.peakRssMiB),
      vmHwmMiB: round(Math.max(coldMem.hwmMiB, loadPeak.hwmMiB)),
      treePeakRssMiB: round(Math.max(coldMem.peakTreeRssMiB, loadPeak.peakTreeRssMiB)),
      warmPage: warm,
      load,
      cpuMsPerRequest: cpuMs === null ? null : round(cpuMs, 2),
      pagesPerCoreSecond: cpuMs ? round(1000 / cpuMs, 0) : null,
      ceiling,
    };
  } catch (e) {
    throw new Error(`${opts.label}: ${(e as Error).message}\n${server.stderrTail()}`);
  } finally {
    await server.stop();
  }
}
