/**
 * Generated checks for every core route in the gateway table (see route-cases/types.ts and
 * route-cases/run.ts). Runs through the gateway (auth, identity signing) into the real core
 * Worker and D1/R2.
 */
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../src/routes/table';
import { CORE_ROUTE_CASES } from './route-cases';
import { describeRouteCase } from './route-cases/run';

const coreRoutes = ROUTES.filter((r) => r.service === 'core').map((r) => `${r.method} ${r.path}`);
const byRoute = new Map(CORE_ROUTE_CASES.map((c) => [c.route, c]));

describe('core route cases', () => {
  it('cover every core route of the gateway table, and nothing else', () => {
    expect(coreRoutes.filter((r) => !byRoute.has(r))).toEqual([]);
    expect(CORE_ROUTE_CASES.map((c) => c.route).filter((r) => !coreRoutes.includes(r))).toEqual([]);
    expect(new Set(CORE_ROUTE_CASES.map((c) => c.route)).size).toBe(CORE_ROUTE_CASES.length);
  });
});

for (const routeCase of CORE_ROUTE_CASES) describeRouteCase(routeCase);
