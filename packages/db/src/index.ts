export * as jobs from './jobs';
export * as users from './users';
export * from './sql';
export type { Job, JobFilters, JobPatch, NewJob } from './jobs';
export type { UserIdentity } from './users';
