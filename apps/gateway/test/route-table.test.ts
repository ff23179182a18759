import { describe, expect, it } from 'vitest';
import { matchRoute } from '../src/routes/match';
import { ROUTES } from '../src/routes/table';

const concrete = (path: string) => path.replace(/:(\w+)\+/g, 'users/u1/resumes/cv.pdf').replace(/:(\w+)/g, 'abc123');

describe('route table', () => {
  it('has no duplicate method + path', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('routes every entry to itself (no entry is shadowed by an earlier one)', async () => {
    for (const spec of ROUTES) {
      const match = await matchRoute(spec.method, `https://x${concrete(spec.path)}`);
      expect(match?.spec, `${spec.method} ${spec.path}`).toBe(spec);
    }
  });

  it('keeps public routes to the ones the contract marks public', () => {
    expect(ROUTES.filter((r) => r.auth === 'public').map((r) => r.path).sort()).toEqual([
      '/api/auth/linkedin/callback',
      '/api/files/signed',
      '/api/resume/supported-formats',
    ]);
  });
});
