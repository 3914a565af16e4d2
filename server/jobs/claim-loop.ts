// The loop behind every queue kept in the database (webhook deliveries, mail): claim a batch of due
// rows for this process, handle them, and come back when the next one is due or at the next poll.
// Claims are what make several instances safe (each row handled by one), so the loop itself only
// decides when to claim, how many to handle at once, and hands back what it claimed when it closes.

export interface ClaimRepository {
  /** Marks up to `limit` due rows as this owner's until `until`; returns their ids. */
  claim(owner: string, now: string, until: string, limit: number): Promise<string[]>;
  /** When the next row is due, if any. */
  nextDue(): Promise<string | null>;
  /** Hands back the rows this owner claimed but did not start. */
  release(owner: string): Promise<unknown>;
}

export interface ClaimLoopOptions {
  /** For the log: "webhook delivery", "mail". */
  name: string;
  owner: string;
  repo: ClaimRepository;
  batch: number;
  /** How long a claim on a batch lasts; starting a row renews its own claim. */
  claimMs: number;
  /** Rows handled at once within a batch. */
  concurrency: number;
  pollMs: number;
  handle(id: string): Promise<unknown>;
  log: { warn: (obj: object, msg: string) => void };
}

export function createClaimLoop(opts: ClaimLoopOptions) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  async function tick() {
    for (;;) {
      if (closed) return;
      const now = Date.now();
      const ids = await opts.repo.claim(opts.owner, new Date(now).toISOString(), new Date(now + opts.claimMs).toISOString(), opts.batch);
      let next = 0;
      const worker = async () => {
        while (!closed && next < ids.length) {
          const id = ids[next++];
          await opts.handle(id).catch((err) => opts.log.warn({ err, id }, `${opts.name} outcome could not be recorded`));
        }
      };
      await Promise.all(Array.from({ length: Math.min(opts.concurrency, ids.length) }, worker));
      if (ids.length < opts.batch) return;
    }
  }

  function schedule(ms: number) {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  }

  function run() {
    timer = null;
    if (running || closed) return;
    running = tick()
      .then(() => (closed ? null : opts.repo.nextDue()))
      .catch((err) => {
        opts.log.warn({ err }, `${opts.name} queue tick failed`);
        return null;
      })
      .then((next) => {
        running = null;
        const wait = next ? Math.max(0, Date.parse(next) - Date.now()) : opts.pollMs;
        schedule(Math.min(wait, opts.pollMs));
      });
  }

  return {
    start: () => schedule(0),
    /** Something was queued: handle it now rather than at the next poll. */
    kick: () => { if (!running) schedule(0); },
    /**
     * Stops the timers, lets the rows in flight finish, and hands back the ones claimed but not
     * started, so another instance takes them now rather than when the claims run out.
     */
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
      await opts.repo.release(opts.owner);
    },
  };
}
