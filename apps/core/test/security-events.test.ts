import { describe, expect, it } from 'vitest';
import { api, expectValidationError, NASTY, newUser, type Json } from './api';
import { call } from './signed';

const PATH = '/api/security-events';

describe('/api/security-events', () => {
  it('logs an event and lists the newest first, bounded by ?limit=', async () => {
    const user = newUser();
    const res = await api(
      user,
      'POST',
      PATH,
      {
        action: 'Password Changed',
        status: 'success',
        device: 'MacBook',
        browser: 'Firefox 133',
        os: 'macOS 15',
        location: 'Berlin, DE',
        metadata: { method: 'email-link', attempts: 1 },
      },
      201,
    );
    expect(res).toEqual({
      success: true,
      event: {
        id: expect.any(String),
        action: 'Password Changed',
        status: 'success',
        device: 'MacBook',
        browser: 'Firefox 133',
        os: 'macOS 15',
        location: 'Berlin, DE',
        // Filled from the gateway's verified client IP when the client does not send one.
        ip_address: '203.0.113.7',
        user_agent: null,
        metadata: { method: 'email-link', attempts: 1 },
        timestamp: expect.any(String),
      },
    });
    await api(user, 'POST', PATH, { action: 'Login', status: 'failed', ip_address: '198.51.100.1' }, 201);
    await api(user, 'POST', PATH, { action: 'Logout', status: 'success' }, 201);

    const all = await api(user, 'GET', PATH, undefined, 200);
    expect(Array.isArray(all)).toBe(true);
    expect(all.map((e: Json) => e.action)).toEqual(['Logout', 'Login', 'Password Changed']);
    expect(all[1]).toMatchObject({ status: 'failed', ip_address: '198.51.100.1', metadata: null });
    const two = await api(user, 'GET', `${PATH}?limit=2`, undefined, 200);
    expect(two.map((e: Json) => e.action)).toEqual(['Logout', 'Login']);
    const marked = await call(PATH, { userId: user });
    expect(marked.headers.get('x-jobmatch-cacheable')).toBe('1');
  });

  it('rejects invalid bodies and queries', async () => {
    const user = newUser();
    for (const body of [
      {},
      { action: 'Login' },
      { action: 'Login', status: 'maybe' },
      { action: '', status: 'success' },
      { action: 'x'.repeat(101), status: 'success' },
      { action: 'Login', status: 'success', metadata: 'not an object' },
      { action: 'Login', status: 'success', metadata: { blob: 'x'.repeat(9000) } },
      { action: 'Login', status: 'success', user_agent: 'x'.repeat(1001) },
    ]) {
      await expectValidationError(user, 'POST', PATH, body);
    }
    for (const q of ['limit=0', 'limit=101', 'limit=ten']) await expectValidationError(user, 'GET', `${PATH}?${q}`, undefined);
    expect(await api(user, 'GET', PATH, undefined, 200)).toEqual([]);
  });

  it('stores SQL-injection and unicode payloads verbatim', async () => {
    const user = newUser();
    const [a, b, c, d] = NASTY;
    await api(user, 'POST', PATH, { action: a, status: 'success', device: b, location: c, metadata: { note: d } }, 201);
    const [event] = await api(user, 'GET', PATH, undefined, 200);
    expect(event).toMatchObject({ action: a, device: b, location: c, metadata: { note: d } });
  });

  it("lists only the caller's events", async () => {
    const owner = newUser();
    const other = newUser();
    await api(owner, 'POST', PATH, { action: 'Login', status: 'success' }, 201);
    expect(await api(other, 'GET', PATH, undefined, 200)).toEqual([]);
    expect(await api(owner, 'GET', PATH, undefined, 200)).toHaveLength(1);
  });
});
