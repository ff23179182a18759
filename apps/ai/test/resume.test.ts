/**
 * POST /api/resume/parse on real files made in the test (pdf-lib, docx), stored the way
 * /api/files/upload stores them (R2 object + files row); truncated and hostile files → 422;
 * another user's key → 404; images without a vision model → 422. Plus analyze-gaps and the
 * public supported-formats.
 */
import { env } from 'cloudflare:test';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { files, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';
import { callJson, newUser } from './helpers';

const RESUME_LINES = [
  'Grace Hopper',
  'Principal Software Engineer',
  'grace.hopper@example.com | +1 555 010 2030 | Arlington, Virginia | linkedin.com/in/gracehopper',
  'Summary',
  'Compiler engineer who makes computers speak human languages.',
  'Experience',
  'Principal Software Engineer — Remington Rand',
  'Jan 2018 – Present | Philadelphia',
  '• Built the first compiler used by 300 engineers',
  '• Led a team of 12',
  'Software Engineer, Eckert-Mauchly Computer Corporation',
  '2014 - 2017',
  '- Wrote UNIVAC programs in Python and SQL',
  'Education',
  'Ph.D. Mathematics — Yale University',
  '2008 – 2013',
  'Skills',
  'Python, SQL, TypeScript, Kubernetes',
];

async function makePdf(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  lines.forEach((line, i) => {
    page.drawText(line.replace('—', '-').replace('–', '-').replace('•', '-'), { x: 50, y: 800 - i * 18, size: 11, font });
  });
  return pdf.save();
}

async function makeDocx(lines: string[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

async function upload(userId: string, name: string, bytes: Uint8Array, contentType: string): Promise<string> {
  const key = `users/${userId}/resumes/${name}`;
  await env.RESUMES.put(key, bytes);
  await files.recordFile(
    soleShardDb(env),
    { userId, email: null },
    { key, bucket: 'resumes', contentType, size: bytes.byteLength, originalName: name },
  );
  return key;
}

const parse = (userId: string, storagePath: string, status: number) =>
  callJson('/api/resume/parse', status, { userId, body: { storagePath } });

function expectGrace(r: any) {
  expect(r.profile).toMatchObject({
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace.hopper@example.com',
    location: 'Arlington, Virginia',
    headline: 'Principal Software Engineer',
    linkedInUrl: 'https://linkedin.com/in/gracehopper',
  });
  expect(r.profile.phone).toContain('555');
  expect(r.workExperience.map((w: any) => w.company)).toEqual(['Remington Rand', 'Eckert-Mauchly Computer Corporation']);
  expect(r.workExperience[0]).toMatchObject({
    position: 'Principal Software Engineer',
    startDate: '2018-01',
    endDate: null,
    current: true,
  });
  expect(r.workExperience[0].accomplishments).toContain('Built the first compiler used by 300 engineers');
  expect(r.workExperience[1]).toMatchObject({ position: 'Software Engineer', startDate: '2014', endDate: '2017', current: false });
  expect(r.education[0]).toMatchObject({ institution: 'Yale University', degree: 'Ph.D.', fieldOfStudy: 'Mathematics', endDate: '2013' });
  expect(r.skills.map((s: any) => s.name)).toEqual(expect.arrayContaining(['Python', 'SQL', 'TypeScript', 'Kubernetes']));
  for (const s of r.skills) expect(s.endorsements).toBe(0);
  expect(r.metadata).toMatchObject({ provider: 'local', aiModel: 'local-rules-v1' });
}

describe('POST /api/resume/parse', () => {
  it('reads a real PDF', async () => {
    const user = newUser();
    const key = await upload(user, 'grace.pdf', await makePdf(RESUME_LINES), 'application/pdf');
    const r = await parse(user, key, 200);
    expect(r.metadata.format).toBe('pdf');
    expectGrace(r);
  });

  it('reads a real DOCX', async () => {
    const user = newUser();
    const key = await upload(
      user,
      'grace.docx',
      await makeDocx(RESUME_LINES),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const r = await parse(user, key, 200);
    expect(r.metadata.format).toBe('docx');
    expectGrace(r);
  });

  it('a truncated PDF or DOCX is a 422, never a 500', async () => {
    const user = newUser();
    const pdf = await makePdf(RESUME_LINES);
    const docx = await makeDocx(RESUME_LINES);
    const badPdf = await upload(user, 'cut.pdf', pdf.slice(0, Math.floor(pdf.length / 3)), 'application/pdf');
    expect((await parse(user, badPdf, 422)).code).toBe('UNREADABLE_DOCUMENT');
    const badDocx = await upload(
      user,
      'cut.docx',
      docx.slice(0, Math.floor(docx.length / 2)),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect((await parse(user, badDocx, 422)).code).toBe('UNREADABLE_DOCUMENT');
  });

  it('an image without a configured vision model is a 422 that says so', async () => {
    const user = newUser();
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
    ]);
    const key = await upload(user, 'scan.png', png, 'image/png');
    const r = await parse(user, key, 422);
    expect(r.code).toBe('VISION_NOT_CONFIGURED');
  });

  it("another user's key, a missing file and another bucket are refused", async () => {
    const owner = newUser();
    const other = newUser();
    const key = await upload(owner, 'grace.pdf', await makePdf(RESUME_LINES), 'application/pdf');
    expect((await parse(other, key, 404)).code).toBe('NOT_FOUND');
    expect((await parse(owner, `users/${owner}/resumes/nothing.pdf`, 404)).code).toBe('NOT_FOUND');
    expect((await parse(owner, `users/${owner}/avatars/me.png`, 400)).code).toBe('VALIDATION_ERROR');
    expect((await parse(owner, '../../etc/passwd', 400)).code).toBe('VALIDATION_ERROR');
  });
});

describe('resume gaps and formats', () => {
  it('analyze-gaps finds an employment gap and missing results, in the shape core stores', async () => {
    const user = newUser();
    const r = await callJson('/api/resume/analyze-gaps', 200, {
      userId: user,
      body: {
        profile: { firstName: 'A', summary: '' },
        workExperience: [
          { position: 'Engineer', company: 'Acme', startDate: '2022-06', endDate: null, current: true, accomplishments: [] },
          {
            position: 'Developer',
            company: 'Globex',
            startDate: '2018-01',
            endDate: '2020-12',
            current: false,
            accomplishments: ['Shipped the billing system'],
          },
        ],
        education: [],
        skills: ['TypeScript'],
      },
    });
    expect(r).toMatchObject({ provider: 'local', aiModel: 'local-rules-v1' });
    const categories = r.identified_gaps_and_flags.map((g: any) => g.category);
    expect(categories).toEqual(expect.arrayContaining(['employment_gap', 'missing_accomplishments', 'no_metrics', 'missing_summary']));
    expect(r.resume_analysis.gap_count + r.resume_analysis.red_flag_count).toBe(r.identified_gaps_and_flags.length);
    expect(r.clarification_questions[0]).toMatchObject({ question_id: 1, priority: expect.stringMatching(/^(CRITICAL|HIGH|MEDIUM|LOW)$/) });
    expect(r.clarification_questions.some((q: any) => q.question.includes('2021-01'))).toBe(true);
  });

  it('supported-formats is public and lists what this environment reads', async () => {
    const r = await callJson('/api/resume/supported-formats', 200, { userId: null });
    expect(r.supported.map((s: any) => s.format)).toEqual(['pdf', 'docx', 'text']);
    expect(Array.isArray(r.recommendations)).toBe(true);
  });
});
