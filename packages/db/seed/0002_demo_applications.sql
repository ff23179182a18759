-- Demo applications and tracker rows for the demo user (seed 0001 creates the user and jobs).
-- Idempotent: fixed ids, ON CONFLICT DO NOTHING. Leaves the seeded jobs untouched.
INSERT INTO applications (id, user_id, job_id, job_title, company, status, variants, selected_variant_id,
                          submitted_at, created_at, updated_at)
VALUES
  ('20000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
   'Senior Backend Engineer', 'Edgeworks', 'submitted',
   '[{"id":"variant-impact","name":"Impact-Focused","resume":{"summary":"Backend engineer who cut API latency by 40% by moving services to the edge.","highlights":["Migrated 12 services to Cloudflare Workers","Designed the D1 schema for a multi-tenant product"]},"coverLetter":"Dear Edgeworks team, I build fast, boring-to-operate APIs on Workers and D1 ...","aiRationale":"Leads with measurable results that match the role''s focus on performance."},{"id":"variant-concise","name":"Concise","resume":{"summary":"TypeScript, Workers, D1, KV. Eight years of backend work.","highlights":["Edge APIs","SQL"]},"coverLetter":"Hello Edgeworks, short version: I have shipped what you describe ...","aiRationale":"A one-page version for recruiters who skim."}]',
   'variant-impact', '2026-11-21T09:30:00.000Z', '2026-11-20T16:00:00.000Z', '2026-11-21T09:30:00.000Z')
ON CONFLICT (id) DO NOTHING;

INSERT INTO tracked_applications (id, user_id, job_id, application_id, company, job_title, location, match_score, status,
                                  status_history, applied_date, interviews, recruiter, hiring_manager, follow_up_actions,
                                  offer_details, next_action, next_action_date, next_interview_date, notes, archived,
                                  created_at, updated_at)
VALUES
  -- Active: in the interview stage.
  ('30000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001',
   '20000000-0000-4000-8000-000000000001', 'Edgeworks', 'Senior Backend Engineer', 'Berlin, Germany', 92, 'interview_scheduled',
   '[{"status":"applied","changed_at":"2026-11-21T09:30:00.000Z"},{"status":"screening","changed_at":"2026-11-23T11:00:00.000Z","note":"Recruiter call went well"},{"status":"interview_scheduled","changed_at":"2026-11-24T08:15:00.000Z","note":"System design round"}]',
   '2026-11-21',
   '[{"id":"interview-1","type":"technical","scheduled_at":"2026-12-01T10:00:00.000Z","interviewers":["Mira Weber"],"notes":"System design: rate limiting at the edge"}]',
   '{"name":"Jonas Keller","email":"jonas.keller@edgeworks.example"}', '{"name":"Mira Weber"}',
   '[{"id":"follow-up-1","text":"Send the architecture write-up","done":false}]',
   NULL, 'Prepare the system design round', '2026-11-30', '2026-12-01T10:00:00.000Z',
   'Team of six; hybrid, two office days.', 0, '2026-11-21T09:30:00.000Z', '2026-11-24T08:15:00.000Z'),
  -- Archived: closed (rejected) and put away.
  ('30000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000006',
   NULL, 'Old Mill Media', 'Junior Web Developer', 'Cologne, Germany', 22, 'rejected',
   '[{"status":"applied","changed_at":"2026-08-02T10:00:00.000Z"},{"status":"rejected","changed_at":"2026-08-20T15:00:00.000Z","note":"Position filled internally"}]',
   '2026-08-02', '[]', NULL, NULL, '[]', NULL, NULL, NULL, NULL,
   'Not a fit anyway.', 1, '2026-08-02T10:00:00.000Z', '2026-08-20T15:00:00.000Z')
ON CONFLICT (id) DO NOTHING;
