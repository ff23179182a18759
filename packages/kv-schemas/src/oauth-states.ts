/** OAUTH_STATES (integrations): LinkedIn OAuth `state` values, single use, 10 minutes. */
import * as v from 'valibot';
import { defineKvEntry } from './entry';

export const linkedInState = defineKvEntry({
  namespace: 'OAUTH_STATES',
  key: (state: string) => `linkedin:${state}`,
  schema: v.object({ userId: v.string(), createdAt: v.string(), redirectPath: v.optional(v.string()) }),
  ttlSeconds: 10 * 60,
});
