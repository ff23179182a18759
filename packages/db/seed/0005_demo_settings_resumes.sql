-- Demo data for Settings, resumes and narratives (npm run dev), for the demo user of
-- 0001_demo_user_jobs.sql and the profile rows of 0003_demo_profile.sql. Idempotent: fixed ids,
-- ON CONFLICT DO NOTHING.
-- Billing: deliberately no subscription, invoice or payment-method row — without a payment
-- provider the demo user is on the free ('basic') plan that GET /api/billing/subscription
-- answers by default, with no invoices and no cards.

-- A master resume and one tailored variant. sections.experience/education/skills are the ids of
-- the seeded work experience, education and skills (the frontend's ResumeSections).
INSERT INTO resume_documents (id, user_id, type, title, sections, formats, created_at, updated_at)
VALUES
  ('23000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'master', 'Demo User – Backend Engineer',
   '{"header":{"name":"Demo User","title":"Senior Backend Engineer","contact":{"email":"demo@jobmatch.local","phone":"","location":"Berlin, Germany","linkedIn":""}},"summary":"Backend engineer who builds APIs on the edge: TypeScript, Cloudflare Workers, D1 and KV.","experience":["20000000-0000-4000-8000-000000000001","20000000-0000-4000-8000-000000000002"],"education":["21000000-0000-4000-8000-000000000001"],"skills":["22000000-0000-4000-8000-000000000001","22000000-0000-4000-8000-000000000002","22000000-0000-4000-8000-000000000003","22000000-0000-4000-8000-000000000004"]}',
   '["pdf","docx","txt"]', '2026-01-06T09:00:00.000Z', '2026-01-06T09:00:00.000Z'),
  ('23000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'tailored', 'Edgeworks – Senior Backend Engineer',
   '{"header":{"name":"Demo User","title":"Senior Backend Engineer","contact":{"email":"demo@jobmatch.local","phone":"","location":"Berlin, Germany","linkedIn":""}},"summary":"Edge-first backend engineer: five years of TypeScript services on Cloudflare Workers with D1 and KV.","experience":["20000000-0000-4000-8000-000000000001"],"education":["21000000-0000-4000-8000-000000000001"],"skills":["22000000-0000-4000-8000-000000000001","22000000-0000-4000-8000-000000000002","22000000-0000-4000-8000-000000000003"]}',
   '["pdf"]', '2026-11-21T10:00:00.000Z', '2026-11-21T10:00:00.000Z')
ON CONFLICT DO NOTHING;

-- The story behind the current job.
INSERT INTO work_experience_narratives (id, user_id, work_experience_id, narrative, created_at, updated_at)
VALUES
  ('24000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001',
   'I joined Edgeworks when every API call crossed the Atlantic to one Postgres primary. I moved the read paths to Workers with D1 replicas and KV caches, which cut p95 latency from 180 ms to 40 ms, and then led the migration of the remaining tables to D1 without downtime.',
   '2026-01-06T09:00:00.000Z', '2026-01-06T09:00:00.000Z')
ON CONFLICT DO NOTHING;

-- The job-board search that found the seeded LinkedIn and Indeed jobs.
INSERT INTO job_searches (id, user_id, keywords, filters, sources, job_count, errors, created_at)
VALUES
  ('25000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001',
   '["backend engineer"]', '{"location":"Germany"}', '["greenhouse","lever"]', 4, '[]', '2026-11-10T09:15:00.000Z')
ON CONFLICT DO NOTHING;
