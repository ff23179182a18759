/** While D1 refuses every flush, the isolate holds at most MAX_HELD_ROWS usage rows. */
import { soleShardDb } from '@jobmatch/db';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AiEnv } from '../src/env';
import { MAX_HELD_ROWS, Meter, pendingRowCount, totalsFor } from '../src/metrics/meter';
import { newUser } from './helpers';

const down = (): D1Database => {
  const fail = () => {
    throw new Error('D1 is down (test)');
  };
  return { prepare: fail, batch: fail, exec: fail, withSession: fail, dump: fail } as unknown as D1Database;
};

describe('usage rows while every flush fails', () => {
  it('stops at MAX_HELD_ROWS distinct rows; rows already held keep counting', async () => {
    const broken = { ...env, DB_0: down(), AI_USAGE_FLUSH_MS: '60000' } as AiEnv;
    const waits: Promise<unknown>[] = [];
    const ctx = {
      waitUntil: (p: Promise<unknown>) => waits.push(p),
      passThroughOnException() {},
      props: {},
    } as unknown as ExecutionContext;
    const first = newUser();
    new Meter(broken, ctx, first).cache({ cache: 'search_index', hit: true, task: 'probe' });
    for (let i = 0; i < MAX_HELD_ROWS + 200; i++)
      new Meter(broken, ctx, newUser()).cache({ cache: 'search_index', hit: true, task: 'probe' });
    new Meter(broken, ctx, first).cache({ cache: 'search_index', hit: true, task: 'probe' });
    // Settle the early flushes (each fails and merges its batch back); the interval flush never comes.
    for (let settled = 0; settled < waits.length; ) {
      const n = waits.length;
      await Promise.race([Promise.allSettled(waits.slice(settled, n)), new Promise((r) => setTimeout(r, 2000))]);
      settled = n;
    }
    expect(pendingRowCount()).toBeLessThanOrEqual(MAX_HELD_ROWS);
    expect(pendingRowCount()).toBeGreaterThan(MAX_HELD_ROWS - 600);
    const [firstTotals] = await totalsFor(soleShardDb(env), first, '2000-01-01'); // nothing stored: all pending
    expect(firstTotals?.hits).toBe(2);
  });
});
