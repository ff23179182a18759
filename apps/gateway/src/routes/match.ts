/** Compiles the route table into an itty-router matcher (method + path → RouteSpec). */
import { Router } from 'itty-router';
import { ROUTES, type RouteSpec } from './table';

interface MatchTarget {
  method: string;
  url: string;
  params?: Record<string, string>;
}

const matcher = Router<MatchTarget & { route: string; params: Record<string, string>; query: object }>();
for (const spec of ROUTES) {
  matcher[spec.method.toLowerCase() as 'get'](spec.path, () => spec);
}

export interface RouteMatch {
  spec: RouteSpec;
  params: Record<string, string>;
}

export async function matchRoute(method: string, url: string): Promise<RouteMatch | null> {
  const target = { method, url } as MatchTarget;
  const spec = (await matcher.fetch(target as never)) as RouteSpec | undefined;
  return spec ? { spec, params: target.params ?? {} } : null;
}
