/** JSON helpers over signed calls (signed.ts) for the profile-slice tests. */
import { expect } from 'vitest';
import { call } from './signed';

export { newUser, type Json } from '@jobmatch/test-support/common';
import type { Json } from '@jobmatch/test-support/common';

/** Calls as `userId`, asserts the status, returns the parsed body (null for an empty body). */
export async function api(userId: string, method: string, path: string, body: unknown, status: number): Promise<Json> {
  const res = await call(path, { method, userId, body });
  const text = await res.text();
  expect(res.status, `${method} ${path} → ${text.slice(0, 500)}`).toBe(status);
  return text ? JSON.parse(text) : null;
}

/** Asserts a 400 VALIDATION_ERROR with at least one {path, message} issue; returns the issues. */
export async function expectValidationError(userId: string, method: string, path: string, body: unknown) {
  const err = await api(userId, method, path, body, 400);
  expect(err.code, JSON.stringify(err)).toBe('VALIDATION_ERROR');
  expect(err.details.issues.length).toBeGreaterThan(0);
  for (const issue of err.details.issues) expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
  return err.details.issues as { path: string; message: string }[];
}

export async function expectNotFound(userId: string, method: string, path: string, body?: unknown) {
  const err = await api(userId, method, path, body, 404);
  expect(err.code).toBe('NOT_FOUND');
}

/** The user's profile_version as GET /api/profile reports it. */
export async function profileVersion(userId: string): Promise<number> {
  return (await api(userId, 'GET', '/api/profile', undefined, 200)).profile.profile_version;
}

/** Strings that must survive storage byte for byte. */
export const NASTY = [
  "Robert'); DROP TABLE users;--",
  '" OR 1=1 --',
  'Ingénieur 東京 🚀 Zürich – naïve',
  '\u202Eright-to-left\u202C and zero\u200Bwidth',
];
