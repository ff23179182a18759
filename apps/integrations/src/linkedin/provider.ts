/** LinkedIn's side of the flow: the authorization URL, the token exchange and userinfo (OIDC). */
import * as v from 'valibot';
import type { OAuthProfileData } from '@jobmatch/db';
import { fetchExternal, parseJson, type ExternalAnswer } from '../http';
import type { LinkedInConfig } from './config';

export const LINKEDIN_SCOPES = 'openid profile email';

export function authorizationUrl(config: LinkedInConfig, state: string): string {
  const url = new URL(config.authorizationUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    state,
    scope: LINKEDIN_SCOPES,
  }).toString();
  return url.toString();
}

/** A step of the callback that failed, with what the log may say about it (never a token). */
export class LinkedInStepError extends Error {
  constructor(
    readonly step: 'token_exchange_failed' | 'profile_fetch_failed',
    message: string,
  ) {
    super(message);
  }
}

const TokenAnswer = v.object({ access_token: v.pipe(v.string(), v.minLength(1)) });

/** POSTs the code to the token endpoint as a form (application/x-www-form-urlencoded). */
export async function exchangeCode(config: LinkedInConfig, code: string): Promise<string> {
  let answer: ExternalAnswer;
  try {
    answer = await fetchExternal(config.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: config.redirectUri,
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }).toString(),
    });
  } catch (error) {
    throw new LinkedInStepError('token_exchange_failed', String(error));
  }
  const parsed = v.safeParse(TokenAnswer, parseJson(answer.text));
  if (answer.status !== 200 || !parsed.success) {
    throw new LinkedInStepError('token_exchange_failed', `token endpoint answered ${answer.status}`);
  }
  return parsed.output.access_token;
}

const optionalString = v.optional(v.nullable(v.string()));
/** LinkedIn's userinfo; `locale` arrives as "en_US" or as {country, language}. */
const UserInfo = v.object({
  sub: v.pipe(v.string(), v.minLength(1)),
  given_name: optionalString,
  family_name: optionalString,
  name: optionalString,
  email: optionalString,
  email_verified: v.optional(v.nullable(v.boolean())),
  picture: optionalString,
  profile: optionalString,
  locale: v.optional(
    v.nullable(
      v.union([v.string(), v.object({ country: v.optional(v.nullable(v.string())), language: v.optional(v.nullable(v.string())) })]),
    ),
  ),
});
export type LinkedInUserInfo = v.InferOutput<typeof UserInfo>;

export async function fetchUserInfo(config: LinkedInConfig, accessToken: string): Promise<LinkedInUserInfo> {
  let answer: ExternalAnswer;
  try {
    answer = await fetchExternal(config.userinfoUrl, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
  } catch (error) {
    throw new LinkedInStepError('profile_fetch_failed', String(error));
  }
  const parsed = v.safeParse(UserInfo, parseJson(answer.text));
  if (answer.status !== 200 || !parsed.success) {
    throw new LinkedInStepError(
      'profile_fetch_failed',
      `userinfo answered ${answer.status}${parsed.success ? '' : ' with an unexpected shape'}`,
    );
  }
  return parsed.output;
}

/** "en_US" or {language: "en", country: "US"} → "en-US" (or null). */
export function localeTag(locale: LinkedInUserInfo['locale']): string | null {
  if (!locale) return null;
  if (typeof locale === 'string') return locale.replace('_', '-') || null;
  const parts = [locale.language, locale.country].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join('-') : null;
}

const httpsUrl = (value: string | null | undefined): string | undefined => {
  if (!value) return undefined;
  try {
    return new URL(value).protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
};
const text = (value: string | null | undefined, max: number) => value?.trim().slice(0, max) || undefined;

/** What the profile may take from LinkedIn (only the empty fields get filled). */
export function profileFromUserInfo(info: LinkedInUserInfo): OAuthProfileData {
  const profileUrl = httpsUrl(info.profile);
  return {
    first_name: text(info.given_name, 100),
    last_name: text(info.family_name, 100),
    // An unverified address is not worth importing.
    email: info.email_verified === false ? undefined : text(info.email, 254),
    photo_url: httpsUrl(info.picture),
    linkedin_url: profileUrl && /(^|\.)linkedin\.com$/i.test(new URL(profileUrl).hostname) ? profileUrl : undefined,
  };
}
