/** The error envelope, the cause kept by toApiError, LOG_LEVEL, and the one way an unexpected exception is logged. */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { soleShardDb, userStorage } from '@jobmatch/db';
import { ApiError, errorResponse, logEvent, logRequest, logUnexpected, setLogLevel, toApiError, toServiceError } from '../src';

afterEach(() => {
  vi.restoreAllMocks();
  setLogLevel('warn');
});

const lines = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([line]) => JSON.parse(String(line)));

describe('errors', () => {
  it('toApiError passes ApiErrors through and turns anything else into a 500 that keeps the cause', () => {
    const expected = new ApiError(404, 'NOT_FOUND', 'Job not found');
    expect(toApiError(expected)).toBe(expected);
    const boom = new TypeError('x is undefined');
    const error = toApiError(boom);
    expect([error.statusCode, error.code, error.message]).toEqual([500, 'INTERNAL_ERROR', 'An unexpected error occurred']);
    expect(error.cause).toBe(boom);
    expect(toApiError('a string').cause).toBe('a string');
  });

  it('toServiceError: a write refused by the move fence (a real D1 error) becomes a retryable 503 USER_MOVING with Retry-After', async () => {
    const userId = `user-${crypto.randomUUID()}`;
    const now = new Date().toISOString();
    await soleShardDb(env)
      .prepare(
        `INSERT INTO user_moves (user_id, state, source_shard, target_shard, started_at, updated_at) VALUES (?1, 'copying', 0, 1, ?2, ?2)`,
      )
      .bind(userId, now)
      .run();
    const fenced = await soleShardDb(env)
      .prepare('INSERT INTO users (id, created_at, updated_at) VALUES (?1, ?2, ?2)')
      .bind(userId, now)
      .run()
      .catch((e: unknown) => e);
    const error = toServiceError(fenced);
    expect([error.statusCode, error.code, error.headers]).toEqual([503, 'USER_MOVING', { 'Retry-After': '5' }]);
    const res = errorResponse(error, 'r');
    expect([res.status, res.headers.get('Retry-After'), ((await res.json()) as { code: string }).code]).toEqual([503, '5', 'USER_MOVING']);
    // Any other D1 failure (here NOT NULL, of a user not being moved) stays an unexpected 500.
    const other = await soleShardDb(env)
      .prepare('INSERT INTO users (id) VALUES (?1)')
      .bind(`user-${crypto.randomUUID()}`)
      .run()
      .catch((e: unknown) => e);
    expect(toServiceError(other).statusCode).toBe(500);
  });

  it('toServiceError: a write refused by a storage quota trigger (a real D1 error) becomes 413 STORAGE_QUOTA_EXCEEDED with the trigger details', async () => {
    const db = soleShardDb(env);
    const userId = `user-${crypto.randomUUID()}`;
    const now = new Date().toISOString();
    await db.prepare('INSERT INTO users (id, created_at, updated_at) VALUES (?1, ?2, ?2)').bind(userId, now).run();
    await userStorage.withCaps(db, 'jobSearches', { rows: 0 }, async () => {
      const refused = await db
        .prepare("INSERT INTO job_searches (id, user_id, keywords, created_at) VALUES (?1, ?2, '[]', ?3)")
        .bind(crypto.randomUUID(), userId, now)
        .run()
        .catch((e: unknown) => e);
      const error = toServiceError(refused);
      expect([error.statusCode, error.code, error.details]).toEqual([
        413,
        'STORAGE_QUOTA_EXCEEDED',
        { resource: 'jobSearches', limit: { rows: 0, bytes: 16 * 1024 * 1024 }, used: { rows: 0, bytes: 0 } },
      ]);
      // Wrapped as a cause (as a caller rethrowing it would), still 413.
      expect(toServiceError(new Error('save failed', { cause: refused })).statusCode).toBe(413);
      // The gateway's toApiError (no D1 behind it) does not read D1 refusals.
      expect(toApiError(refused).statusCode).toBe(500);
    });
  });

  it('errorResponse writes the one envelope, no-store, the request id and extra headers', async () => {
    const res = errorResponse(new ApiError(429, 'RATE_LIMIT_EXCEEDED', 'Slow down', { limit: 1 }, { 'Retry-After': '5' }), 'req-1');
    expect(res.status).toBe(429);
    expect(Object.fromEntries(res.headers)).toMatchObject({ 'cache-control': 'no-store', 'x-request-id': 'req-1', 'retry-after': '5' });
    expect(await res.json()).toEqual({
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'Slow down',
      error: 'Slow down',
      statusCode: 429,
      requestId: 'req-1',
      details: { limit: 1 },
    });
    // The 500 body reveals nothing of the cause.
    expect(await errorResponse(toApiError(new Error('secret path /etc')), 'r').text()).not.toContain('secret');
  });
});

describe('logging', () => {
  it('LOG_LEVEL drops lines below it (unknown values mean info)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const request = { service: 's', env: 'test', requestId: 'r', method: 'GET', route: '/x', status: 200, durationMs: 1 };
    setLogLevel('warn');
    logRequest(request);
    logEvent('info', 'quiet');
    logEvent('warn', 'loud');
    expect(log).not.toHaveBeenCalled();
    expect(lines(warn)).toEqual([{ level: 'warn', msg: 'loud' }]);
    setLogLevel('nonsense');
    logRequest(request);
    expect(lines(log)).toEqual([{ level: 'info', msg: 'request', ...request }]);
    setLogLevel('debug');
    logEvent('debug', 'detail', { a: 1 });
    expect(lines(log)[1]).toEqual({ level: 'debug', msg: 'detail', a: 1 });
  });

  it('logUnexpected writes one error line with the cause and its stack; expected errors write none', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    logUnexpected(new ApiError(400, 'VALIDATION_ERROR', 'bad'), { service: 'core', requestId: 'r1' });
    expect(error).not.toHaveBeenCalled();
    logUnexpected(toApiError(new RangeError('index out of range')), { service: 'core', requestId: 'r2', route: 'GET /api/jobs' });
    const [line] = lines(error);
    expect(line).toMatchObject({
      level: 'error',
      msg: 'unexpected_exception',
      service: 'core',
      requestId: 'r2',
      route: 'GET /api/jobs',
      error: 'RangeError: index out of range',
    });
    expect(line.stack).toContain('RangeError: index out of range');
    expect(lines(error)).toHaveLength(1);
  });
});
