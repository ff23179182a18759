/** Signed calls to the integrations Worker (as the gateway makes them) with its providers on loopback. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { inject } from 'vitest';
import { signedRequest } from '@jobmatch/test-support/signed-request';
import { applications, profile, soleShardDb, userStorage, type QuotaResource } from '@jobmatch/db';
import { APIFY_TEST_TOKEN, SENDGRID_TEST_KEY } from '@jobmatch/test-support/fake-providers';
import worker from '../src/index';
import type { IntegrationsEnv } from '../src/env';

export { newUser, type Json } from '@jobmatch/test-support/common';

export const PUBLIC_API = 'https://api.jobmatch.test';
export const APP_URL = 'https://app.jobmatch.test';

/** The Worker's vars pointed at the local providers, all integrations configured. */
export function configuredEnv(): Partial<IntegrationsEnv> {
  const fakes = inject('fakes');
  return {
    APP_URL,
    PUBLIC_API_URL: PUBLIC_API,
    LINKEDIN_CLIENT_ID: 'test-client-id',
    LINKEDIN_CLIENT_SECRET: 'test-client-secret',
    LINKEDIN_AUTHORIZATION_URL: fakes.linkedIn.LINKEDIN_AUTHORIZATION_URL,
    LINKEDIN_TOKEN_URL: fakes.linkedIn.LINKEDIN_TOKEN_URL,
    LINKEDIN_USERINFO_URL: fakes.linkedIn.LINKEDIN_USERINFO_URL,
    SENDGRID_API_KEY: SENDGRID_TEST_KEY,
    SENDGRID_API_URL: fakes.sendGridUrl,
    EMAIL_FROM: 'applications@jobmatch.test',
    EMAIL_FROM_NAME: 'JobMatch AI',
    GREENHOUSE_API_URL: fakes.boardsUrl,
    GREENHOUSE_BOARDS: 'acme',
    LEVER_API_URL: fakes.boardsUrl,
    LEVER_SITES: 'leverco',
    APIFY_API_URL: fakes.boardsUrl,
    APIFY_TOKEN: APIFY_TEST_TOKEN,
    APIFY_ACTOR: 'fake~jobs',
  };
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: HeadersInit;
  /** null: a public call (no user), as the gateway forwards the LinkedIn callback. */
  userId?: string | null;
  env?: Partial<IntegrationsEnv>;
}

export async function call(path: string, o: CallOptions = {}): Promise<Response> {
  const request = await signedRequest(env.INTERNAL_SIGNING_SECRET, `https://integrations.internal${path}`, {
    ...o,
    clientIp: '203.0.113.9',
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as any, { ...env, ...configuredEnv(), ...o.env } as any, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Requests a local provider received (its GET /__requests log). */
export async function received(
  logBase: string,
): Promise<{ method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: string }[]> {
  return (await fetch(`${logBase}/__requests`)).json();
}

export const NON_LATIN_NAME = { first: 'Zoë Łukasz', last: 'Привет, Ελληνικά' };

/** A user with a profile and an application whose selected variant is complete. */
export async function seedApplication(userId: string) {
  const user = { userId, email: `${userId}@example.test` };
  await profile.updateProfile(soleShardDb(env), user, {
    first_name: NON_LATIN_NAME.first,
    last_name: NON_LATIN_NAME.last,
    phone: '+48 555 010 203',
    location: 'Kraków, Poland',
    linkedin_url: 'https://www.linkedin.com/in/zoe-lukasz',
  });
  const variant = (id: string, letter: string, employers: string[]) => ({
    id,
    name: `Variant ${id}`,
    coverLetter: letter,
    aiRationale: ['Matches the role'],
    resume: {
      summary: 'Backend engineer focused on edge platforms & reliable APIs <fast>.',
      experience: employers.map((company, i) => ({
        title: i === 0 ? 'Staff Engineer' : 'Software Engineer',
        company,
        location: i === 0 ? 'Warsaw' : 'Αθήνα',
        startDate: `20${18 - i * 3}-01`,
        endDate: i === 0 ? '' : `20${18 - i * 3 + 2}-12`,
        bullets: [`Shipped ${company} platform to 1M users`, `Cut p99 latency by ${30 + i}%`],
      })),
      skills: ['TypeScript', 'Cloudflare Workers', 'SQL'],
      education: [
        {
          degree: 'MSc Computer Science',
          school: 'Jagiellonian University',
          location: 'Kraków',
          graduation: '2012',
          focus: 'Distributed systems',
        },
      ],
    },
  });
  const application = await applications.createApplication(soleShardDb(env), user, {
    jobTitle: 'Principal Engineer',
    company: 'Edgeworks',
    selectedVariantId: 'v2',
    variants: [
      variant('v1', 'The unselected letter.', ['Nobody Inc']),
      variant('v2', 'Dear Edgeworks team,\n\nI would love to build your edge platform — Привет from Kraków.\n\nBest regards,\nZoë', [
        'Łódź Systems',
        'Hellas Cloud ΑΕ',
        'Acme GmbH',
      ]),
    ],
  });
  if (!application) throw new Error('seed application failed');
  return { user, application, employers: ['Łódź Systems', 'Hellas Cloud ΑΕ', 'Acme GmbH'] };
}

/** Runs `body` with a storage quota's row cap lowered to `rows` on the shard (restored after). */
export const withRowCap = (resource: QuotaResource, rows: number, body: () => Promise<void>) =>
  userStorage.withCaps(soleShardDb(env), resource, { rows }, body);
