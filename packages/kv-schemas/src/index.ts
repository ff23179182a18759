export * from './entry';
export * as apiCache from './api-cache';
