export * as jobs from './jobs';
export * as users from './users';
export * as sessions from './sessions';
export * from './sql';
export type { Job, JobFilters, JobPatch, NewJob } from './jobs';
export type { UserIdentity } from './users';
export type { Session, SessionDevice } from './sessions';
