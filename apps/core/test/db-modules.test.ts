/**
 * The table modules that ai and integrations will call (no core route uses them yet):
 * usage limits, email history and job compatibility analyses, against real D1.
 */
import { env } from 'cloudflare:test';
import { emailHistory, files, jobAnalyses, jobs, usageLimits, soleShardDb } from '@jobmatch/db';
import { describe, expect, it } from 'vitest';

const newUser = () => {
  const userId = `user-${crypto.randomUUID()}`;
  return { userId, email: `${userId}@example.test` };
};

describe('usage-limits', () => {
  const policy = { kind: 'emails', period: 'month' as const, limit: 3 };

  it('counts within the limit atomically and refuses past it', async () => {
    const user = newUser();
    const now = new Date('2026-03-15T12:00:00.000Z');
    expect(await usageLimits.getUsage(soleShardDb(env), user, policy, now)).toEqual({
      kind: 'emails',
      period: 'month',
      period_start: '2026-03-01T00:00:00.000Z',
      period_end: '2026-04-01T00:00:00.000Z',
      used: 0,
      limit: 3,
      remaining: 3,
    });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => usageLimits.consumeUsage(soleShardDb(env), user, policy, 1, now)));
    expect(results.filter((r) => r !== null)).toHaveLength(3);
    expect((await usageLimits.getUsage(soleShardDb(env), user, policy, now)).used).toBe(3);
    expect(await usageLimits.consumeUsage(soleShardDb(env), user, policy, 1, now)).toBeNull();
    await usageLimits.releaseUsage(soleShardDb(env), user.userId, 'emails', 1, now);
    expect((await usageLimits.consumeUsage(soleShardDb(env), user, policy, 1, now))?.remaining).toBe(0);
  });

  it('starts a new period lazily when the old one has ended (no cron needed)', async () => {
    const user = newUser();
    await usageLimits.consumeUsage(soleShardDb(env), user, policy, 3, new Date('2026-03-31T23:59:59.000Z'));
    const april = await usageLimits.getUsage(soleShardDb(env), user, policy, new Date('2026-04-01T00:00:00.000Z'));
    expect(april).toMatchObject({ used: 0, period_start: '2026-04-01T00:00:00.000Z', period_end: '2026-05-01T00:00:00.000Z' });
    const daily = await usageLimits.getUsage(
      soleShardDb(env),
      user,
      { kind: 'ai_generations', period: 'day', limit: 20 },
      new Date('2026-12-31T08:00:00.000Z'),
    );
    expect(daily).toMatchObject({ period_start: '2026-12-31T00:00:00.000Z', period_end: '2027-01-01T00:00:00.000Z' });
  });

  it('keeps users apart', async () => {
    const a = newUser();
    const b = newUser();
    await usageLimits.consumeUsage(soleShardDb(env), a, policy, 2);
    expect((await usageLimits.getUsage(soleShardDb(env), b, policy)).used).toBe(0);
  });
});

describe('email-history', () => {
  it('records, completes and lists per user and application, newest first', async () => {
    const user = newUser();
    const other = newUser();
    const first = await emailHistory.recordEmail(soleShardDb(env), user, {
      applicationId: 'app-1',
      recipientEmail: 'hr@example.test',
      subject: "Bewerbung — Robert'); DROP TABLE email_history;--",
      body: 'Hello 👋',
      provider: 'sendgrid',
    });
    expect(first).toMatchObject({ status: 'queued', sent_at: null, application_id: 'app-1' });
    await new Promise((r) => setTimeout(r, 5));
    const second = await emailHistory.recordEmail(soleShardDb(env), user, {
      recipientEmail: 'b@example.test',
      subject: 'S2',
      provider: 'sendgrid',
    });

    expect(await emailHistory.completeEmail(soleShardDb(env), other.userId, first.id, { status: 'sent' })).toBeNull();
    const sent = await emailHistory.completeEmail(soleShardDb(env), user.userId, first.id, { status: 'sent', providerMessageId: 'msg-1' });
    expect(sent).toMatchObject({ status: 'sent', provider_message_id: 'msg-1', sent_at: expect.any(String) });

    const all = await emailHistory.listEmails(soleShardDb(env), user.userId, { page: 1, limit: 10 });
    expect(all.total).toBe(2);
    expect(all.items.map((e) => e.id)).toEqual([second.id, first.id]);
    expect(all.items[1]!.subject).toBe("Bewerbung — Robert'); DROP TABLE email_history;--");
    const forApp = await emailHistory.listEmails(soleShardDb(env), user.userId, { applicationId: 'app-1', page: 1, limit: 10 });
    expect(forApp.items.map((e) => e.id)).toEqual([first.id]);
    expect((await emailHistory.listEmails(soleShardDb(env), other.userId, { page: 1, limit: 10 })).total).toBe(0);
  });
});

describe('job-analyses', () => {
  it('stores one analysis per job and profile version, only for the owner of the job', async () => {
    const user = newUser();
    const other = newUser();
    const jobId = await jobs.createJob(soleShardDb(env), user, { title: 'Engineer', company: 'Acme' });
    await jobs.createJob(soleShardDb(env), other, { title: 'Other', company: 'Else' });

    expect(await jobAnalyses.saveAnalysis(soleShardDb(env), other.userId, jobId, 1, { score: 99 })).toBeNull();
    const v1 = await jobAnalyses.saveAnalysis(soleShardDb(env), user.userId, jobId, 1, { score: 70, gaps: ['Rust'] });
    expect(v1).toMatchObject({ job_id: jobId, profile_version: 1, analysis: { score: 70, gaps: ['Rust'] } });
    const replaced = await jobAnalyses.saveAnalysis(soleShardDb(env), user.userId, jobId, 1, { score: 75 });
    expect(replaced).toMatchObject({ id: v1!.id, analysis: { score: 75 } });
    await jobAnalyses.saveAnalysis(soleShardDb(env), user.userId, jobId, 2, { score: 80 });

    expect((await jobAnalyses.getAnalysis(soleShardDb(env), user.userId, jobId, 2))?.analysis).toEqual({ score: 80 });
    expect(await jobAnalyses.getAnalysis(soleShardDb(env), other.userId, jobId, 2)).toBeNull();
    expect(await jobAnalyses.listAnalyses(soleShardDb(env), user.userId, { limit: 10 })).toHaveLength(2);
    expect(await jobAnalyses.deleteOutdatedAnalyses(soleShardDb(env), user.userId, 2)).toBe(1);
    expect(await jobAnalyses.getAnalysis(soleShardDb(env), user.userId, jobId, 1)).toBeNull();

    // Deleting the job removes its analyses.
    await jobs.deleteJob(soleShardDb(env), user.userId, jobId);
    expect(await jobAnalyses.listAnalyses(soleShardDb(env), user.userId, { limit: 10 })).toEqual([]);
  });
});

describe('files (module)', () => {
  it('lists the live files of one user and bucket', async () => {
    const user = newUser();
    const record = (name: string, bucket: 'resumes' | 'avatars') =>
      files.recordFile(soleShardDb(env), user, {
        key: `users/${user.userId}/${bucket}/${name}`,
        bucket,
        contentType: 'application/pdf',
        size: 1,
        originalName: name,
      });
    await record('a.pdf', 'resumes');
    await record('b.png', 'avatars');
    await files.markFileDeleted(soleShardDb(env), user.userId, `users/${user.userId}/resumes/a.pdf`);
    await record('c.pdf', 'resumes');
    const resumes = await files.listFiles(soleShardDb(env), user.userId, { bucket: 'resumes', page: 1, limit: 10 });
    expect(resumes.items.map((f) => f.original_name)).toEqual(['c.pdf']);
    expect((await files.listFiles(soleShardDb(env), user.userId, { page: 1, limit: 10 })).total).toBe(2);
    expect((await files.listFiles(soleShardDb(env), newUser().userId, { page: 1, limit: 10 })).total).toBe(0);
  });
});
