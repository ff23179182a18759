/**
 * Production KV refuses a second write to the same key within one second (429). A
 * WriteCoalescer (one per isolate, per purpose) makes that impossible from this isolate:
 * the first write to a key runs at once; writes that arrive within the next second collapse
 * into ONE trailing write of the latest value, run when the second is over (via waitUntil).
 * Another isolate writing the same key can still collide: callers treat a failed write as
 * best-effort and log it.
 */
export const SAME_KEY_WRITE_INTERVAL_MS = 1000;
/** The interval kept between two writes of a key: KV's second plus slack for timer and clock jitter. */
export const COALESCE_INTERVAL_MS = SAME_KEY_WRITE_INTERVAL_MS + 100;

type Write = () => Promise<void>;

export class WriteCoalescer {
  private readonly lastWriteAt = new Map<string, number>();
  private readonly pending = new Map<string, Write>();

  constructor(
    private readonly onError: (key: string, error: unknown) => void,
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * Schedules `write` for `key`. `done` settles when the write (or the trailing write it
   * joined) has run — hand it to ctx.waitUntil, or await it when `deferred` is false and
   * the caller needs the value stored before answering. Never rejects.
   */
  write(key: string, write: Write, now = Date.now()): { done: Promise<void>; deferred: boolean } {
    const last = this.lastWriteAt.get(key);
    if (last === undefined || now - last >= COALESCE_INTERVAL_MS) {
      this.remember(key, now);
      return { done: this.run(key, write), deferred: false };
    }
    const alreadyScheduled = this.pending.has(key);
    this.pending.set(key, write); // the latest value wins
    if (alreadyScheduled) return { done: Promise.resolve(), deferred: true };
    const delay = last + COALESCE_INTERVAL_MS - now;
    const done = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(() => {
      const latest = this.pending.get(key);
      this.pending.delete(key);
      if (!latest) return;
      this.remember(key, Date.now());
      return this.run(key, latest);
    });
    return { done, deferred: true };
  }

  private remember(key: string, at: number): void {
    if (this.lastWriteAt.size >= this.maxKeys) {
      // Drop entries older than the interval; they no longer restrict anything.
      for (const [k, t] of this.lastWriteAt) if (at - t >= COALESCE_INTERVAL_MS) this.lastWriteAt.delete(k);
    }
    this.lastWriteAt.set(key, at);
  }

  private async run(key: string, write: Write): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.onError(key, error);
    }
  }
}
