// WAL checkpoints off the request path. SQLite runs a checkpoint inside whichever commit crosses the
// threshold, so one save in a few hundred paid for copying the log into the database: a latency
// spike and about an eighth of save throughput. A worker thread with its own connection runs passive
// checkpoints instead; they never block the writer. The main connection keeps a far higher automatic
// threshold as a safety net should the worker fall behind or stop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const SAFETY_NET_PAGES = 10_000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  process.exit(0);
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs = 1000): Checkpointer {
  if (path === ':memory:') return { stop: async () => {} };
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // execArgv: [] so the worker's CommonJS code does not inherit flags such as --input-type=module.
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { path, intervalMs, driver } });
  // Never keep the process alive for the checkpointer alone.
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        // Waiting for the worker must keep the process alive: unref'd, Node would exit mid-await.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
