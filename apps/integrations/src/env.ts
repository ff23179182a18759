/**
 * integrations' environment. Bindings and vars come from wrangler.jsonc through the generated
 * worker-configuration.d.ts (`npm run types`; the typecheck fails when it drifts). Below:
 * secrets and optional vars.
 */
import type { WorkerBindings } from '../worker-configuration';

/**
 * Every external API sits behind a base URL var (tests and the dev stack point them at local
 * servers); keys are secrets. A missing key disables that integration with a clear error.
 */
interface IntegrationSettings {
  INTERNAL_SIGNING_SECRET?: string;
  /** debug | info (default) | warn | error. */
  LOG_LEVEL?: string;

  /** The frontend's origin: the LinkedIn callback redirects to {APP_URL}/profile. */
  APP_URL?: string;
  /** The gateway's public origin: export download links and the OAuth redirect URI are built on it. */
  PUBLIC_API_URL?: string;

  // ---- LinkedIn (Sign In with LinkedIn using OpenID Connect) ----
  LINKEDIN_CLIENT_ID?: string;
  /** Secret. */
  LINKEDIN_CLIENT_SECRET?: string;
  /** Default {PUBLIC_API_URL}/api/auth/linkedin/callback; must match the LinkedIn app's setting. */
  LINKEDIN_REDIRECT_URI?: string;
  LINKEDIN_AUTHORIZATION_URL?: string;
  LINKEDIN_TOKEN_URL?: string;
  LINKEDIN_USERINFO_URL?: string;

  // ---- SendGrid ----
  /** Secret. Without it POST /api/emails/send answers 400 EMAIL_NOT_CONFIGURED. */
  SENDGRID_API_KEY?: string;
  SENDGRID_API_URL?: string;
  EMAIL_FROM?: string;
  EMAIL_FROM_NAME?: string;
  /** Emails per user per UTC day (GET /api/emails/remaining); default 20. */
  EMAIL_DAILY_LIMIT?: string;

  // ---- exports ----
  /** Lifetime of an export's download link in seconds (60..86400); default 3600. */
  EXPORT_URL_TTL_SECONDS?: string;

  // ---- job sources ----
  GREENHOUSE_API_URL?: string;
  /** Comma-separated Greenhouse board tokens searched by POST /api/jobs/scrape. */
  GREENHOUSE_BOARDS?: string;
  LEVER_API_URL?: string;
  /** Comma-separated Lever site names. */
  LEVER_SITES?: string;
  APIFY_API_URL?: string;
  /** Secret. Enables the Apify source. */
  APIFY_TOKEN?: string;
  /** Actor id as `owner~name`. */
  APIFY_ACTOR?: string;
}

export type IntegrationsEnv = WorkerBindings & IntegrationSettings;
