-- Demo data for the local stack (npm run dev). Idempotent: safe to apply on every start.
-- Demo user: 00000000-0000-4000-8000-000000000001 / demo@jobmatch.local (npm run token mints its token).
INSERT INTO users (id, email, first_name, last_name, phone, location, city, country, linkedin_url, current_title,
                   professional_summary, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-000000000001', 'demo@jobmatch.local', 'Demo', 'User', '+49 30 5550100', 'Berlin, Germany',
        'Berlin', 'Germany', 'https://www.linkedin.com/in/demo-user', 'Senior Backend Engineer',
        'Backend engineer who builds APIs on the edge.', '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')
ON CONFLICT (id) DO NOTHING;

INSERT INTO jobs (id, user_id, title, company, location, description, url, source, job_type, experience_level,
                  work_arrangement, salary_min, salary_max, required_skills, preferred_skills, match_score,
                  saved, archived, added_at, created_at, updated_at)
VALUES
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'Senior Backend Engineer', 'Edgeworks',
   'Berlin, Germany', 'Design and run TypeScript services on Cloudflare Workers with D1 and KV.', 'https://jobs.example.com/edgeworks/1',
   'linkedin', 'full-time', 'senior', 'hybrid', 85000, 110000, '["TypeScript","Cloudflare Workers","SQL"]', '["Rust"]', 92,
   1, 0, '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'Platform Engineer', 'Cloud Harbor',
   'Remote (EU)', 'Own our developer platform: CI, observability and the internal API gateway.', 'https://jobs.example.com/cloudharbor/7',
   'indeed', 'full-time', 'mid', 'remote', 70000, 90000, '["Kubernetes","Go","Terraform"]', '["TypeScript"]', 74,
   0, 0, '2026-11-18T08:30:00.000Z', '2026-11-18T08:30:00.000Z', '2026-11-18T08:30:00.000Z'),
  ('10000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', 'Full-Stack Developer', 'Greenleaf Labs',
   'Hamburg, Germany', 'React frontend and Node.js APIs for a climate-data product.', 'https://jobs.example.com/greenleaf/3',
   'manual', 'full-time', 'mid', 'on-site', 60000, 75000, '["React","Node.js","PostgreSQL"]', '["GraphQL"]', 61,
   1, 0, '2026-11-15T12:00:00.000Z', '2026-11-15T12:00:00.000Z', '2026-11-15T12:00:00.000Z'),
  ('10000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000001', 'Staff Engineer, Data', 'Northwind Analytics',
   'Remote (Worldwide)', 'Lead the data platform: streaming ingestion, warehouse modelling and search.', 'https://jobs.example.com/northwind/12',
   'linkedin', 'full-time', 'staff', 'remote', 120000, 150000, '["Python","SQL","Kafka"]', '["dbt","Spark"]', 55,
   0, 0, '2026-11-10T09:15:00.000Z', '2026-11-10T09:15:00.000Z', '2026-11-10T09:15:00.000Z'),
  ('10000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000001', 'API Engineer (Contract)', 'Brightpath',
   'Munich, Germany', 'Six-month contract: REST APIs, OAuth integrations and PDF exports.', 'https://jobs.example.com/brightpath/5',
   'indeed', 'contract', 'senior', 'hybrid', NULL, NULL, '["TypeScript","OAuth","REST"]', '[]', 80,
   0, 0, '2026-11-05T14:45:00.000Z', '2026-11-05T14:45:00.000Z', '2026-11-05T14:45:00.000Z'),
  ('10000000-0000-4000-8000-000000000006', '00000000-0000-4000-8000-000000000001', 'Junior Web Developer', 'Old Mill Media',
   'Cologne, Germany', 'Maintain WordPress sites and small PHP services.', 'https://jobs.example.com/oldmill/2',
   'manual', 'full-time', 'entry', 'on-site', 38000, 45000, '["PHP","WordPress"]', '[]', 22,
   0, 1, '2026-08-01T07:00:00.000Z', '2026-08-01T07:00:00.000Z', '2026-08-01T07:00:00.000Z')
ON CONFLICT (id) DO NOTHING;
