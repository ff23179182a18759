/**
 * The integrations Worker's providers on loopback for the gateway suite. Started once per
 * vitest process from the config (the auxiliary Worker's vars must name their URLs) and
 * stopped by the global setup's teardown; globalThis shares the handle between the two, which
 * vitest loads as separate module instances.
 */
import {
  APIFY_TEST_TOKEN,
  SENDGRID_TEST_KEY,
  startFakeJobBoards,
  startFakeLinkedIn,
  startFakeSendGrid,
} from '@jobmatch/test-support/fake-providers';

export const GATEWAY_ORIGIN = 'https://api.jobmatch.test';
export const APP_ORIGIN = 'http://localhost:5173';

async function start() {
  const [linkedIn, sendGrid, boards] = await Promise.all([startFakeLinkedIn(), startFakeSendGrid(), startFakeJobBoards()]);
  return {
    urls: { linkedInLog: linkedIn.logUrl, sendGrid: sendGrid.url, boards: boards.url },
    /** Bindings for the integrations Worker: every provider local, every integration on. */
    integrationsVars: {
      APP_URL: APP_ORIGIN,
      PUBLIC_API_URL: GATEWAY_ORIGIN,
      LINKEDIN_CLIENT_ID: 'gateway-test-client',
      LINKEDIN_CLIENT_SECRET: 'gateway-test-secret',
      ...linkedIn.vars,
      SENDGRID_API_KEY: SENDGRID_TEST_KEY,
      SENDGRID_API_URL: sendGrid.url,
      GREENHOUSE_API_URL: boards.url,
      GREENHOUSE_BOARDS: 'acme',
      LEVER_API_URL: boards.url,
      LEVER_SITES: 'leverco',
      APIFY_API_URL: boards.url,
      APIFY_TOKEN: APIFY_TEST_TOKEN,
      APIFY_ACTOR: 'fake~jobs',
    },
    stop: () => Promise.all([linkedIn.stop(), sendGrid.stop(), boards.stop()]),
  };
}

type Fakes = Awaited<ReturnType<typeof start>>;
const slot = globalThis as { __jobmatchProviderFakes?: Promise<Fakes> };

export function providerFakes(): Promise<Fakes> {
  slot.__jobmatchProviderFakes ??= start();
  return slot.__jobmatchProviderFakes;
}

export async function stopProviderFakes(): Promise<void> {
  const running = slot.__jobmatchProviderFakes;
  slot.__jobmatchProviderFakes = undefined;
  if (running) await (await running).stop();
}
