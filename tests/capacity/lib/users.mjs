/**
 * The two users the capacity model is measured on, written into the harness's local D1:
 * - the demo user: the seed files of packages/db/seed, applied `copies` times with every id and
 *   the e-mail remapped, so each copy is a new user with exactly the demo user's rows (the
 *   per-user figure is the total growth over the copies, which evens out SQLite's 4 KiB pages);
 * - a heavy user: the demo user's rows plus a year of heavy use written through the real routes
 *   (POST /api/jobs, analyze, search, generate, tracked applications and their status changes,
 *   feedback, sessions, security events, file uploads).
 * Every write is metered; `Storage` sums the growth D1 reported per table.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../packages/test-support/src/node.mjs';

const SEED_DIR = join(REPO_ROOT, 'packages/db/seed');
export const DEMO_USER = '00000000-0000-4000-8000-000000000001';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The seed's statements (each ends with `;` at the end of a line, as apps/core/test/seed.ts splits them). */
export function seedStatements() {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(join(SEED_DIR, f), 'utf8').split(/;\s*$/m))
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

/** The seed with the demo user as `userId` and every other id fresh. */
export function remappedSeed(statements, userId, tag) {
  const ids = new Map([[DEMO_USER, userId]]);
  return statements.map((sql) =>
    sql
      .replace(UUID, (id) => {
        if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), randomUUID());
        return ids.get(id.toLowerCase());
      })
      .replaceAll('demo@jobmatch.local', `demo+${tag}@jobmatch.local`),
  );
}

/** Per-table growth and rows written, summed over metered calls. */
export class Storage {
  growth = {};
  rows = {};
  add(meter) {
    for (const [t, b] of Object.entries(meter.growthByTable)) this.growth[t] = (this.growth[t] ?? 0) + b;
    for (const [t, r] of Object.entries(meter.rowsWrittenByTable)) this.rows[t] = (this.rows[t] ?? 0) + r;
  }
  total() {
    return Object.values(this.growth).reduce((a, b) => a + b, 0);
  }
}

const WARM_UP_BYTES = 64 * 1024;

/** The demo user's bytes per table: `copies` remapped seed runs, each checked to write what the first wrote. */
export async function measureDemoUser(h, copies) {
  const statements = seedStatements();
  // SQLite reuses free pages (left by the migrations' table rebuilds) before it grows the file:
  // write unmeasured copies until the file has grown, so every measured byte is new growth.
  let grown = 0;
  for (let k = 0; grown < WARM_UP_BYTES; k++) {
    if (k === 50) throw new Error('the database did not grow after 50 warm-up copies of the demo seed');
    const { meter } = await h.sql(remappedSeed(statements, randomUUID(), `warm-up-${k}`));
    grown += meter.sizeAfter - meter.sizeBefore;
  }
  const storage = new Storage();
  let firstRows;
  let lastUserId;
  for (let k = 0; k < copies; k++) {
    lastUserId = randomUUID();
    const { meter } = await h.sql(remappedSeed(statements, lastUserId, `capacity-${k}`));
    firstRows ??= meter.rowsWritten;
    if (meter.rowsWritten !== firstRows)
      throw new Error(`demo copy ${k} wrote ${meter.rowsWritten} rows, the first ${firstRows}: an id was not remapped`);
    storage.add(meter);
  }
  return { storage, copies, statements: statements.length, lastUserId };
}

// Job descriptions: consecutive prose from this repository's docs (natural word frequencies, so
// the FTS index grows as it would on real postings), about the length of a full posting.
const PROSE = readFileSync(join(REPO_ROOT, 'docs/ARCHITECTURE.md'), 'utf8')
  .replace(/[`#|*_[\]()>-]+/g, ' ')
  .replace(/\s+/g, ' ');
const DESCRIPTION_CHARS = 3_500;
const description = (i) => {
  const start = (i * 7919) % Math.max(1, PROSE.length - DESCRIPTION_CHARS);
  return PROSE.slice(start, start + DESCRIPTION_CHARS);
};
const SKILLS = ['TypeScript', 'Go', 'Rust', 'SQL', 'Kubernetes', 'AWS', 'React', 'Node.js', 'Python', 'Terraform', 'GraphQL', 'Kafka'];
const pick = (i, n) => Array.from({ length: n }, (_, k) => SKILLS[(i + k * 5) % SKILLS.length]);
const day = (i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** A year of heavy use; `n` scales every count (FULL for the real run, SMOKE for the test). */
export const FULL = {
  jobs: 500,
  analyses: 500,
  generated: 100,
  tracked: 100,
  statusChanges: 3,
  feedback: 100,
  searches: 50,
  sessions: 52,
  events: 365,
  files: 5,
};
export const SMOKE = {
  jobs: 3,
  analyses: 2,
  generated: 1,
  tracked: 1,
  statusChanges: 3,
  feedback: 1,
  searches: 1,
  sessions: 1,
  events: 2,
  files: 1,
};

export async function buildHeavyUser(h, n, onProgress = () => {}) {
  const userId = randomUUID();
  const storage = new Storage();
  const write = async (spec, expected) => {
    const r = await h.call({ userId, ...spec });
    if (r.status !== expected) throw new Error(`${spec.method} ${spec.path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    storage.add(r.meter);
    return r.body;
  };
  storage.add((await h.sql(remappedSeed(seedStatements(), userId, 'heavy'))).meter);

  const jobIds = [];
  for (let i = 0; i < n.jobs; i++) {
    const body = {
      title: `Senior Platform Engineer ${i + 1}`,
      company: `Company ${i % 97}`,
      location: i % 3 ? 'Remote, EU' : 'Berlin, Germany',
      description: description(i),
      url: `https://jobs.example.com/postings/${i + 1}`,
      source: i % 2 ? 'linkedin' : 'greenhouse',
      jobType: 'full-time',
      experienceLevel: 'senior',
      workArrangement: 'remote',
      salaryMin: 70_000 + (i % 10) * 1_000,
      salaryMax: 95_000 + (i % 10) * 1_000,
      requiredSkills: pick(i, 8),
      preferredSkills: pick(i + 3, 4),
    };
    jobIds.push((await write({ service: 'core', method: 'POST', path: '/api/jobs', body }, 201)).id);
  }
  onProgress(`${n.jobs} jobs`);
  for (const id of jobIds.slice(0, n.analyses)) await write({ service: 'ai', method: 'POST', path: `/api/jobs/${id}/analyze` }, 200);
  onProgress(`${n.analyses} analyses`);
  for (let i = 0; i < n.searches; i++) {
    const body = { query: `${SKILLS[i % SKILLS.length]} platform engineer ${i % 7 ? 'remote' : 'berlin'}`, searchType: 'hybrid' };
    await write({ service: 'ai', method: 'POST', path: '/api/jobs/search', body }, 200);
  }
  onProgress(`${n.searches} searches (the first builds the embedding index)`);
  const applicationIds = [];
  for (const jobId of jobIds.slice(0, n.generated)) {
    applicationIds.push((await write({ service: 'ai', method: 'POST', path: '/api/applications/generate', body: { jobId } }, 201)).id);
  }
  onProgress(`${n.generated} generated applications`);
  const statuses = ['screening', 'interview_scheduled', 'offer'];
  for (let i = 0; i < n.tracked; i++) {
    const body = trackedBody(i, jobIds[i], applicationIds[i]);
    const { id } = await write({ service: 'core', method: 'POST', path: '/api/tracked-applications', body }, 201);
    for (const status of statuses.slice(0, n.statusChanges)) {
      const patch = { status, statusNote: `Moved to ${status} after the call with the recruiter.` };
      await write({ service: 'core', method: 'PATCH', path: `/api/tracked-applications/${id}`, body: patch }, 200);
    }
  }
  onProgress(`${n.tracked} tracked applications × ${n.statusChanges} status changes`);
  for (const id of jobIds.slice(0, n.feedback)) {
    const body = { feedbackType: 'not_interested', reason: 'salary', customReason: 'Below the range I am looking for.' };
    await write({ service: 'core', method: 'POST', path: `/api/jobs/${id}/feedback`, body }, 200);
  }
  for (let i = 0; i < n.sessions; i++) {
    const sessionId = `capacity-week-${i}`;
    const body = { session_id: sessionId, device_type: 'desktop', device_os: 'macOS 15', browser: 'Firefox 140', user_agent: UA };
    await write({ service: 'core', method: 'POST', path: '/api/sessions', sessionId, body }, 201);
  }
  for (let i = 0; i < n.events; i++) {
    const body = {
      action: i % 10 ? 'login' : 'password_change',
      status: i % 25 ? 'success' : 'failed',
      device: 'desktop',
      browser: 'Firefox 140',
      os: 'macOS 15',
      location: 'Berlin, DE',
      ip_address: '203.0.113.7',
      user_agent: UA,
      metadata: { method: 'password', day: day(i) },
    };
    await write({ service: 'core', method: 'POST', path: '/api/security-events', body }, 201);
  }
  for (let i = 0; i < n.files; i++) {
    const form = { bucket: 'resumes', file: { name: `resume-${i + 1}.pdf`, type: 'application/pdf', text: MINIMAL_PDF } };
    await write({ service: 'core', method: 'POST', path: '/api/files/upload', form }, 201);
  }
  onProgress(`${n.feedback} feedback, ${n.sessions} sessions, ${n.events} security events, ${n.files} files`);
  return { userId, storage, jobIds, applicationIds };
}

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 15_0) Gecko/20100101 Firefox/140.0';
const MINIMAL_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

function trackedBody(i, jobId, applicationId) {
  const interview = (k) => ({
    id: `iv-${i}-${k}`,
    round: ['Recruiter screen', 'Technical', 'System design'][k],
    date: `${day(i + k * 7)}T10:00:00.000Z`,
    interviewers: ['Alex Kim', 'Sam Rivera'],
    notes: 'Asked about running services on the edge, D1 sharding and the on-call rotation. '.repeat(4),
    preparation: ['Review the posting', 'Prepare two incident stories'],
    questionsAsked: ['How is on-call organised?', 'What does the first quarter look like?'],
  });
  return {
    company: `Company ${i % 97}`,
    jobTitle: `Senior Platform Engineer ${i + 1}`,
    status: 'applied',
    ...(jobId ? { jobId } : {}),
    ...(applicationId ? { applicationId } : {}),
    location: 'Remote, EU',
    matchScore: 70 + (i % 30),
    appliedDate: day(i),
    interviews: [0, 1, 2].map(interview),
    recruiter: { name: 'Jordan Lee', role: 'Talent partner', email: 'jordan@example.com', phone: '+49 30 5550199' },
    followUpActions: [
      { id: `fu-${i}-1`, type: 'reminder', title: 'Send a thank-you note', dueDate: day(i + 2), priority: 'high' },
      { id: `fu-${i}-2`, type: 'action_item', title: 'Prepare the take-home', description: 'Two evenings at most.', dueDate: day(i + 9) },
    ],
    notes: 'Referred by a former colleague; the team runs Workers and D1 in production.',
    activityLog: [0, 1, 2, 3].map((k) => ({ id: `log-${i}-${k}`, date: day(i + k), type: 'note', description: 'Called the recruiter.' })),
    tags: ['edge', 'remote'],
  };
}
