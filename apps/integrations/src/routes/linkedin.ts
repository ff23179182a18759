/**
 * LinkedIn OAuth (Sign In with LinkedIn using OpenID Connect):
 *   GET /api/auth/linkedin/initiate, GET /api/auth/linkedin (the frontend's path; one rate-limit
 *   budget at the gateway) → {authUrl, state, expiresAt}
 *   GET /api/auth/linkedin/callback (public) → 302 {APP_URL}/profile?linkedin=success|error
 * The callback answers only the codes the frontend can show (CALLBACK_ERROR_CODES); every
 * LinkedIn `error` (user_cancelled_authorize, user_cancelled_login, …) becomes oauth_error.
 */
import * as v from 'valibot';
import { profile, userDb, users } from '@jobmatch/db';
import {
  invalidates,
  json,
  logEvent,
  userOf,
  type RouteDoc,
  type RouteDocs,
  type RouteModule,
  type ServiceRequest,
  errorDoc,
} from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from '../env';
import { linkedInConfig, type LinkedInConfig } from '../linkedin/config';
import { LinkedInStepError, authorizationUrl, exchangeCode, fetchUserInfo, profileFromUserInfo } from '../linkedin/provider';
import { consumeState, issueState } from '../linkedin/state';
import { LinkedInInitiateAnswer } from './answers';

export const CALLBACK_ERROR_CODES = [
  'oauth_error',
  'missing_parameters',
  'invalid_state',
  'expired_state',
  'token_exchange_failed',
  'profile_fetch_failed',
  'internal_error',
] as const;
type CallbackErrorCode = (typeof CALLBACK_ERROR_CODES)[number];

const CallbackQuery = v.object({
  code: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  state: v.optional(v.pipe(v.string(), v.maxLength(512))),
  error: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

function redirect(appUrl: string, result: { ok: true } | { ok: false; code: CallbackErrorCode }): Response {
  const params = new URLSearchParams({ linkedin: result.ok ? 'success' : 'error' });
  if (!result.ok) {
    params.set('error', result.code); // what the frontend reads
    params.set('error_code', result.code);
  }
  return new Response(null, {
    status: 302,
    headers: { Location: `${appUrl}/profile?${params}`, 'Cache-Control': 'no-store' },
  });
}

async function initiate(request: ServiceRequest, env: IntegrationsEnv): Promise<Response> {
  const { userId, email } = userOf(request);
  const config = linkedInConfig(env);
  // The account's row (with the token's email) exists before LinkedIn data arrives for it.
  await users.ensureUser(await userDb(env, userId), { userId, email });
  const { state, expiresAt } = await issueState(env, userId);
  return json({ authUrl: authorizationUrl(config, state), state, expiresAt });
}

async function callback(request: ServiceRequest, env: IntegrationsEnv): Promise<Response> {
  let config: LinkedInConfig;
  try {
    config = linkedInConfig(env);
  } catch {
    // Nothing configured: still send the browser back to the app, never leave it on a JSON page.
    return redirect((env.APP_URL ?? '').replace(/\/+$/, ''), { ok: false, code: 'internal_error' });
  }
  const fail = (code: CallbackErrorCode, why?: string) => {
    logEvent('info', 'linkedin_callback_failed', { requestId: request.identity.requestId, code, ...(why ? { why } : {}) });
    return redirect(config.appUrl, { ok: false, code });
  };
  const parsed = v.safeParse(CallbackQuery, Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return fail('missing_parameters');
  const { code, state, error } = parsed.output;

  if (error) {
    // The user cancelled or LinkedIn refused: the state (if any) is spent either way.
    if (state) await consumeState(env, state);
    return fail('oauth_error', error);
  }
  if (!code || !state) return fail('missing_parameters');

  try {
    const checked = await consumeState(env, state);
    if (checked.kind === 'expired') return fail('expired_state');
    if (checked.kind === 'invalid') return fail('invalid_state');
    const accessToken = await exchangeCode(config, code);
    const info = await fetchUserInfo(config, accessToken);
    await profile.applyOAuthProfile(await userDb(env, checked.userId), { userId: checked.userId, email: null }, profileFromUserInfo(info));
    // The gateway cannot attribute this public GET to a user: name the families it changed.
    return invalidates(redirect(config.appUrl, { ok: true }), checked.userId, ['profile']);
  } catch (thrown) {
    if (thrown instanceof LinkedInStepError) return fail(thrown.step, thrown.message);
    return fail('internal_error', thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown));
  }
}

export const linkedInRoutes: RouteModule<IntegrationsEnv> = (router) => {
  router.get('/api/auth/linkedin/initiate', initiate).get('/api/auth/linkedin/callback', callback).get('/api/auth/linkedin', initiate);
};

const initiateDoc: RouteDoc = {
  summary: 'Start LinkedIn sign-in: the authorization URL to send the browser to, with its signed state',
  response: { status: 200, schema: LinkedInInitiateAnswer },
  otherResponses: [errorDoc(503, 'LINKEDIN_NOT_CONFIGURED', 'the LinkedIn app (client id, secret, redirect URI) is not configured')],
};

export const linkedInDocs: RouteDocs = {
  'GET /api/auth/linkedin/initiate': initiateDoc,
  'GET /api/auth/linkedin': { ...initiateDoc, summary: `${initiateDoc.summary} (the frontend's path)` },
  'GET /api/auth/linkedin/callback': {
    summary: "LinkedIn's redirect back: imports the member's profile, then sends the browser to the app",
    query: CallbackQuery,
    response: {
      status: 302,
      description: `Always a redirect to {APP_URL}/profile?linkedin=success, or ?linkedin=error&error=<code>&error_code=<code> with code one of ${CALLBACK_ERROR_CODES.join(', ')}`,
    },
  },
};
