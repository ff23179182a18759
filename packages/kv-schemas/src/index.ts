export * from './entry';
export * from './write-coalescer';
export * as apiCache from './api-cache';
export * as sessions from './sessions';
export * as aiCaches from './ai-caches';
export * as rateLimits from './rate-limits';
