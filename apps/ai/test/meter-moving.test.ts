/** The usage-counter flush while a user is being moved: everyone else's deltas are written, the moving user's are kept. */
import { aiUsage, soleShardDb, userMoves } from '@jobmatch/db';
import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AiEnv } from '../src/env';
import { flush, Meter, totalsFor } from '../src/metrics/meter';
import { createJob, newUser } from './helpers';

const hitsStored = async (userId: string) =>
  (await aiUsage.usageTotals(soleShardDb(env), userId, '2000-01-01')).reduce((n, t) => n + t.hits, 0);
const hitsSeen = async (userId: string) => (await totalsFor(soleShardDb(env), userId, '2000-01-01')).reduce((n, t) => n + t.hits, 0);

describe('the ai usage flush while a user is being moved', () => {
  it('writes the other users’ deltas and keeps the moving user’s for a later flush', async () => {
    const [moving, other] = [newUser(), newUser()];
    for (const user of [moving, other]) {
      await createJob(user); // the users row
      new Meter(env as AiEnv, createExecutionContext(), user).cache({ cache: 'search_index', hit: true, task: 'probe' });
    }
    await userMoves.raiseFence(soleShardDb(env), moving, 0, 1);
    await flush(env);
    expect(await hitsStored(other)).toBe(1);
    expect(await hitsStored(moving)).toBe(0);
    expect(await hitsSeen(moving)).toBe(1); // still pending in this isolate, not lost

    // The move gave up (the user stays here): the next flush writes what was kept.
    await soleShardDb(env).prepare('DELETE FROM user_moves WHERE user_id = ?1').bind(moving).run();
    await flush(env);
    expect(await hitsStored(moving)).toBe(1);
    expect(await hitsSeen(moving)).toBe(1);
  });
});
