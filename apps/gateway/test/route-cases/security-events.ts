import type { Json } from '../helpers';
import { expect } from 'vitest';
import type { RouteCase } from './types';

export const securityEventCases: RouteCase[] = [
  {
    route: 'POST /api/security-events',
    valid: {
      body: { action: 'Login', status: 'success', metadata: { method: 'password' } },
      status: 201,
      check: (b) => expect(b).toMatchObject({ success: true, event: { action: 'Login', metadata: { method: 'password' } } }),
    },
    invalid: { body: { action: 'Login', status: 'maybe' } },
    crossUserNotApplicable: 'creates a row owned by the caller; GET isolation covers reads',
  },
  {
    route: 'GET /api/security-events',
    setup: async (owner) => {
      await owner.json('POST', '/api/security-events', { action: 'Password Changed', status: 'success' }, 201);
      return {};
    },
    valid: { query: '?limit=5', status: 200, check: (b) => expect(b.map((e: Json) => e.action)).toEqual(['Password Changed']) },
    invalid: { query: '?limit=0' },
    isolation: async (other) => expect(await other.json('GET', '/api/security-events', undefined, 200)).toEqual([]),
  },
];
