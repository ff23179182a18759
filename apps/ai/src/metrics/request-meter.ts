import { userOf, type ServiceRequest } from '@jobmatch/shared-middleware';
import type { AiEnv } from '../env';
import { Meter } from './meter';

/** The caller and a meter bound to them, for a route handler. */
export function callerOf(request: ServiceRequest, env: AiEnv, ctx: ExecutionContext) {
  const { userId, email } = userOf(request);
  return { user: { userId, email }, meter: new Meter(env, ctx, userId) };
}
