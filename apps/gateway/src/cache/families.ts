/**
 * Resource families for the API cache: a cached GET is tagged with the families it reads, a
 * write that may have changed data stamps the families it changes. A route's family is its
 * first path segment after /api/ (jobs, applications, profile, skills, …) unless its entry in
 * routes/table.ts says otherwise (`cacheReads`, `cacheWrites`): the table is the one home.
 */
import type { RouteSpec } from '../routes/table';

export const defaultFamily = (path: string) => path.split('/')[2] ?? 'root';

export function familiesRead(spec: RouteSpec): readonly string[] {
  return spec.cacheReads ?? [defaultFamily(spec.path)];
}

export function familiesWritten(spec: RouteSpec): readonly string[] {
  return spec.cacheWrites ?? [defaultFamily(spec.path)];
}
