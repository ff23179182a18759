export * from './entry';
export * as apiCache from './api-cache';
export * as rateLimits from './rate-limits';
