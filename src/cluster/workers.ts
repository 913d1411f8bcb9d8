// CORKBOARD_WORKERS: several worker processes serving one port through node:cluster (the primary
// accepts connections and hands them round-robin to the workers). Each worker is a whole instance
// (its own model, local caches and upstream client), so with several workers a shared store
// (CORKBOARD_REDIS_URL) is what keeps them from fetching and scoring the same things each.
// The primary only forks, restarts a worker that died, and passes SIGTERM/SIGINT on.
import cluster from 'node:cluster';

export interface WorkersOptions {
  count: number;
  /** Starts one instance in this process (the worker). */
  startWorker: () => Promise<void>;
  log: (message: string, fields?: Record<string, string | number>) => void;
  /** Wait before replacing a worker that died (default 1 s), so a crash loop cannot spin. */
  restartDelayMs?: number;
}

export async function runWorkers(opts: WorkersOptions): Promise<void> {
  if (opts.count <= 1 || !cluster.isPrimary) return opts.startWorker();

  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < opts.count; i++) fork();
  opts.log('started workers', { workers: opts.count });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    opts.log('worker died; starting another', { pid: worker.process.pid ?? 0, code: code ?? -1, signal: signal ?? '' });
    setTimeout(() => {
      if (!stopping) fork();
    }, opts.restartDelayMs ?? 1000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Each worker finishes its in-flight requests (src/main.ts), then exits.
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => process.exit(0), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
