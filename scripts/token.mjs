#!/usr/bin/env node
/**
 * npm run token -- [--user ID] [--email EMAIL] [--session ID] [--ttl SECONDS]
 * Prints a dev access token for the local stack (default: the seeded demo user, 24 h).
 */
import { parseArgs } from 'node:util';
import { DEMO_USER, ensureDevAuth, mintDevToken } from './dev-auth.mjs';

const { values } = parseArgs({
  options: {
    user: { type: 'string', default: DEMO_USER.id },
    email: { type: 'string' },
    session: { type: 'string' },
    ttl: { type: 'string', default: String(24 * 3600) },
  },
});
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
  console.error('--ttl must be a whole number of seconds');
  process.exit(2);
}
const auth = await ensureDevAuth();
console.log(await mintDevToken(auth, { userId: values.user, email: values.email, sessionId: values.session, ttlSeconds }));
