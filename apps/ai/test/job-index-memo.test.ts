/** The isolate's memo of decoded job indexes stays bounded by users, not only by vectors. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AiEnv } from '../src/env';
import { loadIndex, MEMO_MAX_USERS, memoisedIndexCount } from '../src/search/job-index';
import { newUser } from './helpers';

describe('the decoded job-index memo', () => {
  it('keeps at most MEMO_MAX_USERS users, even when their indexes are empty (they weigh no vectors)', async () => {
    for (let i = 0; i < MEMO_MAX_USERS + 50; i++) {
      const index = await loadIndex(env as AiEnv, newUser(), 'memo-test-model');
      expect(index.ids).toEqual([]);
    }
    expect(memoisedIndexCount()).toBeLessThanOrEqual(MEMO_MAX_USERS);
  });
});
