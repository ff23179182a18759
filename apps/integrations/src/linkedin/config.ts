/** LinkedIn app configuration from vars and secrets; 503 LINKEDIN_NOT_CONFIGURED when incomplete. */
import { ApiError } from '@jobmatch/shared-middleware';
import type { IntegrationsEnv } from '../env';
import { baseUrl } from '../http';

export interface LinkedInConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  appUrl: string;
}

/** LinkedIn's OpenID Connect endpoints (used when the vars are not set). */
export const LINKEDIN_DEFAULTS = {
  authorizationUrl: 'https://www.linkedin.com/oauth/v2/authorization',
  tokenUrl: 'https://www.linkedin.com/oauth/v2/accessToken',
  userinfoUrl: 'https://api.linkedin.com/v2/userinfo',
};

export function linkedInConfig(env: IntegrationsEnv): LinkedInConfig {
  const clientId = env.LINKEDIN_CLIENT_ID?.trim();
  const clientSecret = env.LINKEDIN_CLIENT_SECRET?.trim();
  const publicApi = baseUrl(env.PUBLIC_API_URL);
  const redirectUri = env.LINKEDIN_REDIRECT_URI?.trim() || (publicApi ? `${publicApi}/api/auth/linkedin/callback` : '');
  const missing = [
    !clientId && 'LINKEDIN_CLIENT_ID',
    !clientSecret && 'the LINKEDIN_CLIENT_SECRET secret',
    !redirectUri && 'LINKEDIN_REDIRECT_URI or PUBLIC_API_URL',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ApiError(503, 'LINKEDIN_NOT_CONFIGURED', `LinkedIn sign-in is not configured (missing ${missing.join(', ')})`);
  }
  return {
    clientId: clientId!,
    clientSecret: clientSecret!,
    redirectUri,
    authorizationUrl: env.LINKEDIN_AUTHORIZATION_URL?.trim() || LINKEDIN_DEFAULTS.authorizationUrl,
    tokenUrl: env.LINKEDIN_TOKEN_URL?.trim() || LINKEDIN_DEFAULTS.tokenUrl,
    userinfoUrl: env.LINKEDIN_USERINFO_URL?.trim() || LINKEDIN_DEFAULTS.userinfoUrl,
    appUrl: baseUrl(env.APP_URL) ?? '',
  };
}
