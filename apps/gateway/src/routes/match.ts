/**
 * Compiles the route table into a matcher (method + path → RouteSpec), once per isolate.
 * Same semantics as itty-router (which the table's template syntax comes from): the first
 * matching entry wins, `:name` is one segment, `:name+` the rest of the path, trailing slashes
 * are ignored. Static paths are one Map lookup; only templates with parameters are tried as
 * regular expressions, and only those listed before the static entry that matched.
 */
import { ROUTES, type RouteSpec } from './table';

export interface RouteMatch {
  spec: RouteSpec;
  params: Record<string, string>;
}

interface Compiled {
  /** `METHOD path` → index of the first static entry with that path. */
  statics: Map<string, number>;
  /** Parameterised entries per method, in table order. */
  patterns: Map<string, { index: number; regex: RegExp; spec: RouteSpec }[]>;
}

/** itty-router 5's template → RegExp translation, so a template means what it meant there. */
const templateRegex = (path: string) =>
  RegExp(
    `^${path
      .replace(/\/+(\/|$)/g, '$1')
      .replace(/(\/?\.?):(\w+)\+/g, '($1(?<$2>[^]+))')
      .replace(/(\/?\.?):(\w+)/g, '($1(?<$2>[^$1/]+?))')
      .replace(/\./g, '\\.')
      .replace(/(\/?)\*/g, '($1.*)?')}/*$`,
  );

function compile(routes: readonly RouteSpec[]): Compiled {
  const statics = new Map<string, number>();
  const patterns: Compiled['patterns'] = new Map();
  routes.forEach((spec, index) => {
    if (spec.path.includes(':') || spec.path.includes('*')) {
      const list = patterns.get(spec.method) ?? [];
      list.push({ index, regex: templateRegex(spec.path), spec });
      patterns.set(spec.method, list);
    } else {
      const key = `${spec.method} ${spec.path.replace(/\/+$/, '')}`;
      if (!statics.has(key)) statics.set(key, index);
    }
  });
  return { statics, patterns };
}

const compiled = compile(ROUTES);

/** `pathname` as in `new URL(request.url).pathname` (not decoded). */
export function matchRoute(method: string, pathname: string): RouteMatch | null {
  const staticIndex = compiled.statics.get(`${method} ${pathname.replace(/\/+$/, '')}`) ?? Infinity;
  for (const p of compiled.patterns.get(method) ?? []) {
    if (p.index > staticIndex) break;
    const m = p.regex.exec(pathname);
    if (m) return { spec: p.spec, params: { ...m.groups } };
  }
  return staticIndex === Infinity ? null : { spec: ROUTES[staticIndex]!, params: {} };
}
