/**
 * The gateway's surface for a composition root: the request pipeline and the strict-tier
 * Durable Object class. The Worker shell (index.ts) binds them to the real Service Bindings;
 * a single-Worker build can hand the same pipeline in-process fetchers instead.
 */
export { handleRequest } from './pipeline';
export { StrictRateLimiter } from './rate-limit';
export type { GatewayEnv } from './env';
