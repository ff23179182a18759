/**
 * Server-Timing on every gateway answer: how long each pipeline stage took (ms), e.g.
 * `auth;dur=0, session;dur=0, rate-limit;dur=0, cache;dur=1.3;desc="HIT", total;dur=1.4`.
 *
 * In workerd the clock only advances on I/O (a Spectre mitigation), so these figures are the
 * I/O waits of a stage (KV reads, the Service Binding call), not its CPU time: a stage that
 * only computes shows 0. CPU time per stage comes from the profiler (bench/profile.mjs).
 */
export type Stage = 'auth' | 'session' | 'rate-limit' | 'cache' | 'upstream';

export class ServerTiming {
  private readonly started = performance.now();
  private readonly entries: string[] = [];

  /** Times `work` as `stage`; `describe` may label the entry from its result (e.g. HIT). */
  async time<T>(stage: Stage, work: () => Promise<T>, describe?: (result: T) => string | undefined): Promise<T> {
    const start = performance.now();
    const result = await work();
    this.add(stage, performance.now() - start, describe?.(result));
    return result;
  }

  add(stage: Stage, ms: number, desc?: string): void {
    this.entries.push(`${stage};dur=${round(ms)}${desc ? `;desc="${desc}"` : ''}`);
  }

  header(): string {
    return [...this.entries, `total;dur=${round(performance.now() - this.started)}`].join(', ');
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
