-- Demo profile for the local stack (npm run dev): work experience, education and skills of the
-- demo user from 0001_demo_user_jobs.sql. Idempotent: fixed ids, ON CONFLICT DO NOTHING.
-- Dates are full YYYY-MM-DD (the frontend's date inputs show a month-only date as blank); the
-- UPDATEs at the end repair demo rows an older seed wrote with month-only dates.
-- education.description holds the highlights as JSON text, as the API answers it.
-- skills.name_key is the folded name (packages/db/src/skills.ts skillNameKey: NFKC, trim, lower case).

INSERT INTO work_experience (id, user_id, title, company, location, employment_type, start_date, end_date, is_current,
                             description, accomplishments, created_at, updated_at)
VALUES
  ('20000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'Senior Backend Engineer', 'Edgeworks',
   'Berlin, Germany', 'full-time', '2022-03-01', NULL, 1,
   'Runs the TypeScript API platform on Cloudflare Workers, D1 and KV.',
   '["Cut p95 API latency from 180 ms to 40 ms by moving reads to the edge","Led the Postgres to D1 migration with zero downtime"]',
   '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z'),
  ('20000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'Backend Engineer', 'Cloud Harbor',
   'Hamburg, Germany', 'full-time', '2018-09-01', '2022-02-28', 0,
   'Built billing and identity services in Node.js and Go.',
   '["Designed the OAuth 2.0 login used by 2M users","Introduced contract tests between 14 services"]',
   '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')
ON CONFLICT DO NOTHING;

INSERT INTO education (id, user_id, institution, degree, field_of_study, start_date, end_date, grade, description, highlights,
                       created_at, updated_at)
VALUES
  ('21000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'Technische Universität Berlin', 'MSc',
   'Computer Science', '2016-10-01', '2018-09-30', '1.3',
   '["Thesis on cost-based query planning for embedded databases","Teaching assistant, Database Systems","Exchange semester at KTH Stockholm"]',
   '["Thesis on cost-based query planning for embedded databases","Teaching assistant, Database Systems","Exchange semester at KTH Stockholm"]',
   '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')
ON CONFLICT DO NOTHING;

INSERT INTO skills (id, user_id, name, name_key, level, endorsements, created_at, updated_at)
VALUES
  ('22000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'TypeScript', 'typescript', 'expert', 12, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z'),
  ('22000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'Cloudflare Workers', 'cloudflare workers', 'advanced', 7, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z'),
  ('22000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', 'SQL', 'sql', 'advanced', 9, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z'),
  ('22000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000001', 'Node.js', 'node.js', 'expert', 10, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z'),
  ('22000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000001', 'Go', 'go', 'intermediate', 3, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z'),
  ('22000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000001', 'OAuth 2.0', 'oauth 2.0', 'advanced', 4, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')
ON CONFLICT DO NOTHING;

UPDATE work_experience SET start_date = '2022-03-01'
WHERE id = '20000000-0000-4000-8000-000000000001' AND user_id = '00000000-0000-4000-8000-000000000001' AND start_date = '2022-03';
UPDATE work_experience SET start_date = '2018-09-01', end_date = '2022-02-28'
WHERE id = '20000000-0000-4000-8000-000000000002' AND user_id = '00000000-0000-4000-8000-000000000001' AND start_date = '2018-09';
UPDATE education SET start_date = '2016-10-01', end_date = '2018-09-30'
WHERE id = '21000000-0000-4000-8000-000000000001' AND user_id = '00000000-0000-4000-8000-000000000001' AND start_date = '2016-10';
