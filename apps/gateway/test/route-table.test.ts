import { describe, expect, it } from 'vitest';
import { matchRoute } from '../src/routes/match';
import { defaultFamily, familiesRead, familiesWritten } from '../src/cache/families';
import { ROUTES } from '../src/routes/table';

const concrete = (path: string) => path.replace(/:(\w+)\+/g, 'users/u1/resumes/cv.pdf').replace(/:(\w+)/g, 'abc123');

describe('route table', () => {
  it('has no duplicate method + path', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('routes every entry to itself (no entry is shadowed by an earlier one)', async () => {
    for (const spec of ROUTES) {
      const match = matchRoute(spec.method, concrete(spec.path));
      expect(match?.spec, `${spec.method} ${spec.path}`).toBe(spec);
    }
  });

  it('matches like the itty-router templates it replaced: trailing slashes, greedy keys, first entry wins', () => {
    const at = (method: string, path: string) => {
      const m = matchRoute(method, path);
      return m ? `${m.spec.method} ${m.spec.path} ${JSON.stringify(m.params)}` : null;
    };
    expect(at('GET', '/api/jobs/')).toBe('GET /api/jobs {}');
    expect(at('GET', '/api/jobs//')).toBe('GET /api/jobs {}');
    expect(at('GET', '/api/jobs/abc')).toBe('GET /api/jobs/:id {"id":"abc"}');
    expect(at('GET', '/api/jobs/abc/')).toBe('GET /api/jobs/:id {"id":"abc"}');
    expect(at('POST', '/api/jobs/parse')).toBe('POST /api/jobs/parse {}'); // listed before /api/jobs/:id/…
    expect(at('GET', '/api/files/download/users/u1/resumes/cv.pdf')).toBe(
      'GET /api/files/download/:key+ {"key":"users/u1/resumes/cv.pdf"}',
    );
    expect(at('GET', '/api/files/users/u1/a%2Fb.pdf/signed-url')).toBe('GET /api/files/:key+/signed-url {"key":"users/u1/a%2Fb.pdf"}');
    expect(at('GET', '/api/jobs/a/b')).toBeNull();
    expect(at('PUT', '/api/jobs')).toBeNull();
    expect(at('GET', '/api/jobsx')).toBeNull();
    expect(at('GET', '/')).toBeNull();
  });

  it('keeps public routes to the ones the contract marks public', () => {
    expect(
      ROUTES.filter((r) => r.auth === 'public')
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/api/auth/linkedin/callback', '/api/files/signed', '/api/resume/supported-formats']);
  });

  it('names only real resource families in cacheReads / cacheWrites (a typo would never invalidate)', () => {
    const resources = new Set(ROUTES.map((r) => defaultFamily(r.path)));
    for (const spec of ROUTES) {
      for (const family of [...(spec.cacheReads ?? []), ...(spec.cacheWrites ?? [])]) {
        expect(resources.has(family), `${spec.method} ${spec.path}: unknown family "${family}"`).toBe(true);
      }
    }
  });

  it('keeps cache metadata where it applies: reads on GETs, writes and side effects on writes', () => {
    for (const spec of ROUTES) {
      const where = `${spec.method} ${spec.path}`;
      if (spec.cacheReads) expect(spec.method, where).toBe('GET');
      if (spec.cacheWrites || spec.afterWrite) expect(spec.method, where).not.toBe('GET');
    }
  });

  it('resolves families from the route entry, defaulting to the first path segment', () => {
    const find = (method: string, path: string) => ROUTES.find((r) => r.method === method && r.path === path)!;
    expect(familiesRead(find('GET', '/api/jobs'))).toEqual(['jobs']);
    expect(familiesRead(find('GET', '/api/profile/complete'))).toEqual(['profile', 'skills']);
    expect(familiesWritten(find('PATCH', '/api/profile/work-experience/:id'))).toEqual(['profile']);
    expect(familiesWritten(find('DELETE', '/api/jobs/:id'))).toEqual(['jobs', 'applications', 'tracked-applications']);
    expect(familiesWritten(find('POST', '/api/jobs/search'))).toEqual([]);
    expect(
      ROUTES.filter((r) => r.afterWrite === 'forget-sessions')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['DELETE /api/sessions', 'DELETE /api/sessions/:sessionId']);
  });
});
