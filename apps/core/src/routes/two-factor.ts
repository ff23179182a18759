/**
 * GET /api/sessions/users/:userId/2fa-settings — the caller's own 2FA state (D1
 * `user_security_settings`; no row = off), snake_case as securityService reads it. Any other
 * user id → 404, whether or not that user exists.
 */
import * as v from 'valibot';
import { account, SecuritySettingsRowSchema, userDb } from '@jobmatch/db';
import { IdParam, json, notFound, userOf, validate, type RouteDocs, type ServiceRouter } from '@jobmatch/shared-middleware';
import type { CoreEnv } from '../env';

const UserIdParam = v.object({ userId: IdParam.entries.id });

export function twoFactorRoutes(router: ServiceRouter<CoreEnv>): void {
  router.get('/api/sessions/users/:userId/2fa-settings', async (request, env) => {
    const { userId } = userOf(request);
    const params = validate(UserIdParam, request.params, 'path');
    if (params.userId !== userId) throw notFound('User');
    return json({ user_id: userId, ...(await account.getSecuritySettings(await userDb(env, userId), userId)) });
  });
}

export const twoFactorDocs: RouteDocs = {
  'GET /api/sessions/users/:userId/2fa-settings': {
    summary: 'Your own 2FA state (any other user id answers 404)',
    params: UserIdParam,
    response: { status: 200, schema: v.object({ ...SecuritySettingsRowSchema.entries, user_id: v.string() }) },
  },
};
