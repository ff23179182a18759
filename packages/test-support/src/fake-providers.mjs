/**
 * Local servers that speak the wire formats of the integrations Worker's providers, for tests
 * (each listens on port 0) and for the dev stack (`npm run fake-board`):
 *   - LinkedIn (OIDC) — oauth2-mock-server on LinkedIn's paths
 *   - SendGrid v3 Mail Send
 *   - job boards: Greenhouse, Lever and an Apify actor
 * Every server records what it received; GET {url}/__requests answers the log as JSON so a
 * test inside workerd can assert what the Worker sent.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

/** @typedef {{ method: string, path: string, query: Record<string, string>, headers: Record<string, string>, body: string }} Recorded */

/** @param {import('node:http').IncomingMessage} req */
function readBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

/** @param {import('node:http').IncomingMessage} req @param {string} body @returns {Recorded} */
function record(req, body) {
  const url = new URL(req.url ?? '/', 'http://fake');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: /** @type {any} */ ({ ...req.headers }),
    body,
  };
}

/** @typedef {{ status: number, headers?: Record<string, string>, body?: unknown, drop?: boolean }} Answer `drop`: close the connection without an answer. */

/**
 * An HTTP server on 127.0.0.1 with a request log and GET /__requests.
 * @param {(req: import('node:http').IncomingMessage, url: URL, body: string) => Answer | Promise<Answer>} handle
 * @param {number} [port]
 */
export async function startRecordingServer(handle, port = 0) {
  /** @type {Recorded[]} */
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (url.pathname === '/__requests') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }
    requests.push(record(req, body));
    try {
      const answer = await handle(req, url, body);
      if (answer.drop) {
        req.socket.destroy(); // a provider that answers nothing: the connection just closes
        return;
      }
      const headers = {
        ...(answer.body !== undefined && typeof answer.body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      };
      res
        .writeHead(answer.status, headers)
        .end(answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

// ---------------------------------------------------------------- LinkedIn

export const LINKEDIN_PATHS = { authorize: '/oauth/v2/authorization', token: '/oauth/v2/accessToken', userinfo: '/v2/userinfo' };

/** The member the fake LinkedIn signs in (a name no Latin-1 font can draw). */
export const LINKEDIN_MEMBER = {
  sub: 'li-member-7',
  name: 'Zoë Łukasz Привет',
  given_name: 'Zoë Łukasz',
  family_name: 'Привет',
  picture: 'https://media.licdn.com/dms/image/zoe.jpg',
  email: 'zoe.lukasz@example.test',
  email_verified: true,
  locale: { country: 'PL', language: 'pl' },
};

/**
 * LinkedIn's OIDC endpoints (oauth2-mock-server). Codes steer the fake, since the mock checks
 * no code: `fail-token` → the token endpoint refuses (400 invalid_grant); `fail-userinfo` →
 * userinfo answers 500; `locale-string` → locale arrives as "pl_PL". Any other code works.
 * A log server records the token requests (form fields) and userinfo calls.
 */
export async function startFakeLinkedIn() {
  const server = new OAuth2Server(undefined, undefined, { endpoints: LINKEDIN_PATHS });
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  // workerd resolves no 'localhost': address the mock by IP.
  const url = /** @type {string} */ (server.issuer.url).replace('//localhost:', '//127.0.0.1:');
  /** @type {Map<string, string>} access token → code */
  const codeOfToken = new Map();
  /** @type {Recorded[]} */
  const log = [];
  server.service.on('beforeResponse', (/** @type {any} */ response, /** @type {any} */ req) => {
    log.push({
      method: 'POST',
      path: LINKEDIN_PATHS.token,
      query: {},
      headers: { ...req.headers },
      body: new URLSearchParams(req.body).toString(),
    });
    const code = String(req.body?.code ?? '');
    if (code === 'fail-token') {
      response.statusCode = 400;
      response.body = { error: 'invalid_grant', error_description: 'The authorization code is invalid or expired' };
      return;
    }
    const token = `li-access-${randomUUID()}`;
    codeOfToken.set(token, code);
    // LinkedIn answers an opaque access token, its lifetime and the granted scope.
    response.body = {
      access_token: token,
      expires_in: 5183999,
      scope: 'email,openid,profile',
      token_type: 'Bearer',
      id_token: response.body.id_token,
    };
  });
  server.service.on('beforeUserinfo', (/** @type {any} */ response, /** @type {any} */ req) => {
    const auth = String(req.headers.authorization ?? '');
    log.push({ method: 'GET', path: LINKEDIN_PATHS.userinfo, query: {}, headers: { ...req.headers }, body: '' });
    const code = codeOfToken.get(auth.replace(/^Bearer /, ''));
    if (code === undefined) {
      response.statusCode = 401;
      response.body = { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 };
      return;
    }
    if (code === 'fail-userinfo') {
      response.statusCode = 500;
      response.body = { message: 'Internal Server Error', status: 500 };
      return;
    }
    response.body = code === 'locale-string' ? { ...LINKEDIN_MEMBER, locale: 'pl_PL' } : LINKEDIN_MEMBER;
  });
  const logUrl = await startLogEndpoint(log);
  return {
    url,
    logUrl: logUrl.url,
    vars: {
      LINKEDIN_AUTHORIZATION_URL: `${url}${LINKEDIN_PATHS.authorize}`,
      LINKEDIN_TOKEN_URL: `${url}${LINKEDIN_PATHS.token}`,
      LINKEDIN_USERINFO_URL: `${url}${LINKEDIN_PATHS.userinfo}`,
    },
    stop: async () => {
      await server.stop();
      await logUrl.stop();
    },
  };
}

/** @param {Recorded[]} log */
async function startLogEndpoint(log) {
  const server = createServer((req, res) => {
    if (req.url === '/__requests') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(log));
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${address.port}`, stop: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

// ---------------------------------------------------------------- SendGrid

export const SENDGRID_TEST_KEY = 'SG.test-key';

/**
 * SendGrid v3 POST /v3/mail/send. 202 + X-Message-Id for a well-formed mail; the
 * {errors: [{message, field, help}]} envelope otherwise. Recipients steer failures:
 * provider-500@… → 500, provider-400@… → 400 (unverified sender), provider-429@… → 429 with
 * Retry-After (rate limited), provider-garbage@… → 502 with an HTML page (a proxy in front of it),
 * provider-drop@… → the connection closes without an answer.
 */
export async function startFakeSendGrid() {
  return startRecordingServer((req, url, body) => {
    /** @param {number} status @param {string} message @param {string | null} [field] */
    const error = (status, message, field = null) => ({ status, body: { errors: [{ message, field, help: null }] } });
    if (req.method !== 'POST' || url.pathname !== '/v3/mail/send') return error(404, 'Not found');
    if (req.headers.authorization !== `Bearer ${SENDGRID_TEST_KEY}`)
      return error(401, 'The provided authorization grant is invalid, expired, or revoked');
    /** @type {any} */
    let mail;
    try {
      mail = JSON.parse(body);
    } catch {
      return error(400, 'Bad Request', null);
    }
    const to = mail?.personalizations?.[0]?.to?.[0]?.email;
    if (typeof to !== 'string')
      return error(400, 'The personalizations field is required and must have at least one personalization.', 'personalizations');
    if (typeof mail.from?.email !== 'string') return error(400, 'The from object must be provided for every email send.', 'from');
    if (typeof mail.subject !== 'string' || mail.subject === '') return error(400, 'The subject is required.', 'subject');
    const types = (mail.content ?? []).map((/** @type {any} */ c) => c.type);
    if (types[0] !== 'text/plain')
      return error(400, 'If present, text/plain must be first, followed by text/html, followed by any other content.', 'content');
    if (to.startsWith('provider-500'))
      return { status: 500, body: { errors: [{ message: 'Internal server error', field: null, help: null }] } };
    if (to.startsWith('provider-429')) {
      /** @type {Answer} */
      const limited = { ...error(429, 'Too many requests'), headers: { 'Retry-After': '1' } };
      return limited;
    }
    if (to.startsWith('provider-garbage'))
      return { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad Gateway</body></html>' };
    if (to.startsWith('provider-drop')) return { status: 0, drop: true };
    if (to.startsWith('provider-400')) return error(400, 'The from address does not match a verified Sender Identity.', 'from');
    return { status: 202, headers: { 'X-Message-Id': `msg-${randomUUID()}` } };
  });
}

// ---------------------------------------------------------------- job boards

const encode = (/** @type {string} */ html) =>
  html.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** @param {string} board */
export function greenhouseBoard(board) {
  const company = board === 'fakeboard' ? 'Fake Board Inc.' : 'Acme Robotics';
  const job = (/** @type {number} */ id, /** @type {string} */ title, /** @type {string} */ location, /** @type {string} */ html) => ({
    id,
    internal_job_id: id + 1000,
    title,
    updated_at: '2026-11-20T10:00:00-05:00',
    requisition_id: `R-${id}`,
    location: { name: location },
    absolute_url: `https://boards.greenhouse.io/${board}/jobs/${id}`,
    company_name: company,
    first_published: '2026-11-01T09:00:00-05:00',
    language: 'en',
    metadata: null,
    content: encode(html),
    departments: [{ id: 1, name: 'Engineering', parent_id: null, child_ids: [] }],
    offices: [{ id: 2, name: location, location, parent_id: null, child_ids: [] }],
  });
  const jobs = [
    job(
      4001,
      'Senior TypeScript Engineer',
      'Remote - Europe',
      '<p>Build edge services &amp; APIs in <strong>TypeScript</strong>.</p><ul><li>Cloudflare Workers</li><li>D1 &amp; KV</li></ul><p>Salary: $120,000 - $150,000 per year. Full-time.</p>',
    ),
    job(
      4002,
      'Platform Engineer',
      'New York, NY (Hybrid)',
      '<p>Own our platform. Compensation &euro;70k&ndash;90k. Hybrid: 3 days in office.</p>',
    ),
    job(4003, 'Product Designer', 'Berlin, Germany', '<p>Design delightful products. On-site in Berlin.</p>'),
  ];
  return { jobs, meta: { total: jobs.length } };
}

/** @param {string} site */
export function leverPostings(site) {
  return [
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      text: 'Backend Engineer',
      categories: {
        commitment: 'Full-time',
        department: 'Engineering',
        location: 'Lisbon, Portugal',
        team: 'Core',
        allLocations: ['Lisbon, Portugal'],
      },
      country: 'PT',
      workplaceType: 'remote',
      createdAt: 1763000000000,
      descriptionPlain: 'Write Go and TypeScript services for our API.',
      description: '<div>Write Go and TypeScript services for our API.</div>',
      lists: [{ text: 'What you will do', content: '<li>Design APIs</li><li>Run services</li>' }],
      additionalPlain: 'We are an equal opportunity employer.',
      hostedUrl: `https://jobs.eu.lever.co/${site}/a1b2c3d4-0000-4000-8000-000000000001`,
      applyUrl: `https://jobs.eu.lever.co/${site}/a1b2c3d4-0000-4000-8000-000000000001/apply`,
      salaryRange: { currency: 'EUR', interval: 'per-year-salary', min: 60000, max: 80000 },
    },
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000002',
      text: 'Account Executive',
      categories: { commitment: 'Full-time', location: 'Madrid, Spain' },
      workplaceType: 'on-site',
      createdAt: 1763000000000,
      descriptionPlain: 'Sell our product.',
      hostedUrl: `https://jobs.eu.lever.co/${site}/a1b2c3d4-0000-4000-8000-000000000002`,
    },
  ];
}

export const APIFY_TEST_TOKEN = 'apify_api_test_token';

export function apifyItems() {
  return [
    {
      positionName: 'Data Engineer',
      companyName: 'Apify Jobs Co',
      location: 'Remote',
      salary: '$60 - $70 per hour',
      url: 'https://www.indeed.com/viewjob?jk=123',
      description: 'Pipelines in TypeScript and SQL.',
      jobType: ['Contract'],
    },
    // The same posting as the Greenhouse board's first job: saved once.
    {
      title: 'Senior TypeScript Engineer',
      company: 'Acme Robotics',
      location: 'Remote - Europe',
      url: 'https://www.linkedin.com/jobs/view/999',
      description: 'TypeScript engineer',
    },
  ];
}

/**
 * Greenhouse (/v1/boards/{board}/jobs), Lever (/v0/postings/{site}) and Apify
 * (/v2/acts/{actor}/run-sync-get-dataset-items) on one server. Board or site "broken" answers
 * 500; actor "slow~actor" answers 408 like a run past Apify's 300 s.
 * @param {number} [port]
 */
export async function startFakeJobBoards(port = 0) {
  return startRecordingServer((req, url) => {
    const greenhouse = /^\/v1\/boards\/([^/]+)\/jobs$/.exec(url.pathname);
    if (greenhouse && req.method === 'GET') {
      const board = decodeURIComponent(greenhouse[1] ?? '');
      if (board === 'broken') return { status: 500, body: { error: 'Internal Server Error' } };
      if (board === 'missing') return { status: 404, body: { status: 404, error: 'Job board not found' } };
      return { status: 200, body: greenhouseBoard(board) };
    }
    const lever = /^\/v0\/postings\/([^/]+)$/.exec(url.pathname);
    if (lever && req.method === 'GET') {
      const site = decodeURIComponent(lever[1] ?? '');
      if (site === 'broken') return { status: 500, body: { ok: false, error: 'Server error' } };
      if (url.searchParams.get('mode') !== 'json')
        return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>postings</html>' };
      return { status: 200, body: leverPostings(site) };
    }
    const apify = /^\/v2\/acts\/([^/]+)\/run-sync-get-dataset-items$/.exec(url.pathname);
    if (apify && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${APIFY_TEST_TOKEN}`)
        return { status: 401, body: { error: { type: 'token-not-valid', message: 'Authentication token is not valid.' } } };
      if (decodeURIComponent(apify[1] ?? '') === 'slow~actor')
        return { status: 408, body: { error: { type: 'run-timeout-exceeded', message: 'Actor run exceeded timeout of 300 seconds' } } };
      return { status: 201, body: apifyItems() };
    }
    return { status: 404, body: { error: 'not found' } };
  }, port);
}
