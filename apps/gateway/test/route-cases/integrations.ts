/** integrations routes that take an id (body or query): the generated cross-user checks of run.ts. */
import { expect } from 'vitest';
import { createApplication } from './applications';
import type { Params, RouteCase, UserApi } from './types';

/** An application with one complete variant: something to send or export. */
const withContent = async (owner: UserApi): Promise<Params> => ({
  applicationId: await createApplication(owner, {
    selectedVariantId: 'v',
    variants: [
      {
        id: 'v',
        name: 'v',
        coverLetter: 'Dear team',
        aiRationale: [],
        resume: { summary: 'Summary', experience: [], skills: ['SQL'], education: [] },
      },
    ],
  }),
});
const recipient = (p: Params) => `owner-${p.applicationId}@example.test`;
/** The owner's application and the emails and exports hanging off it. */
const applicationAndEmails = async (owner: UserApi, p: Params) => ({
  application: await owner.json('GET', `/api/applications/${p.applicationId}`, undefined, 200),
  emails: await owner.json('GET', '/api/emails/history', undefined, 200),
  remaining: (await owner.json('GET', '/api/emails/remaining', undefined, 200)).remaining,
});

const exportCase = (format: 'pdf' | 'docx' | 'text'): RouteCase => ({
  route: `POST /api/exports/${format}`,
  setup: withContent,
  valid: { body: (p: Params) => ({ applicationId: p.applicationId }), status: 201, check: (b) => expect(b.format).toBe(format) },
  invalid: { body: { applicationId: ['not', 'a', 'string'] } },
  bodyIds: ['applicationId'],
  snapshot: applicationAndEmails,
});

export const integrationsCases: RouteCase[] = [
  {
    route: 'POST /api/emails/send',
    setup: withContent,
    valid: {
      body: (p: Params) => ({ applicationId: p.applicationId, recipientEmail: recipient(p) }),
      status: 200,
      check: (b) => expect(b).toMatchObject({ success: true, emailId: expect.any(String) }),
    },
    invalid: { body: { applicationId: 'x', recipientEmail: 'not an address' } },
    bodyIds: ['applicationId'],
    snapshot: applicationAndEmails,
  },
  {
    route: 'GET /api/emails/history',
    setup: async (owner) => {
      const p = await withContent(owner);
      await owner.json('POST', '/api/emails/send', { applicationId: p.applicationId, recipientEmail: recipient(p) }, 200);
      return p;
    },
    valid: {
      query: (p) => `?applicationId=${p.applicationId}`,
      status: 200,
      check: (b, p) => expect(b.emails.map((e: { application_id: string }) => e.application_id)).toEqual([p.applicationId]),
    },
    invalid: { query: '?limit=0' },
    // Filtering by another user's application shows nothing of it.
    isolation: async (other, _owner, p) =>
      expect(await other.json('GET', `/api/emails/history?applicationId=${p.applicationId}`, undefined, 200)).toMatchObject({
        emails: [],
        total: 0,
      }),
  },
  exportCase('pdf'),
  exportCase('docx'),
  exportCase('text'),
];
