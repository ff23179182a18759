/**
 * The application as emails and exports present it: the selected variant (the editor's shape,
 * ApplicationVariantSchema in @jobmatch/db) plus the applicant's contact details from the
 * profile. A stored variant that does not fit the schema (older rows) is read leniently, field
 * by field, so a user can always export or send what they see.
 */
import * as v from 'valibot';
import { ApplicationVariantSchema, applications, profile, type EditorVariant, type Profile, type UserIdentity } from '@jobmatch/db';
import { ApiError, notFound } from '@jobmatch/shared-middleware';

export interface ApplicationContent {
  applicationId: string;
  jobTitle: string;
  company: string;
  applicant: {
    name: string;
    email: string | null;
    phone: string | null;
    location: string | null;
    linkedinUrl: string | null;
    title: string | null;
  };
  variant: EditorVariant;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const obj = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** A variant as stored, coerced into the editor's shape. */
function editorVariant(raw: Record<string, unknown>): EditorVariant {
  const strict = v.safeParse(ApplicationVariantSchema, raw);
  if (strict.success) return strict.output;
  const resume = obj(raw.resume);
  return {
    id: str(raw.id),
    name: str(raw.name),
    coverLetter: str(raw.coverLetter),
    aiRationale: arr(raw.aiRationale).map(str),
    resume: {
      summary: str(resume.summary),
      experience: arr(resume.experience).map((e) => {
        const x = obj(e);
        return {
          title: str(x.title),
          company: str(x.company),
          location: str(x.location),
          startDate: str(x.startDate),
          endDate: str(x.endDate),
          bullets: arr(x.bullets).map(str).filter(Boolean),
        };
      }),
      skills: arr(resume.skills).map(str).filter(Boolean),
      education: arr(resume.education).map((e) => {
        const x = obj(e);
        return {
          degree: str(x.degree),
          school: str(x.school),
          location: str(x.location),
          graduation: str(x.graduation),
          focus: str(x.focus) || undefined,
        };
      }),
    },
  };
}

function applicantOf(p: Profile, fallbackEmail: string | null): ApplicationContent['applicant'] {
  const name = [p.first_name, p.last_name]
    .filter((s) => s?.trim())
    .join(' ')
    .trim();
  const location = p.location || [p.city, p.state, p.country].filter(Boolean).join(', ') || null;
  return {
    name: name || p.email || fallbackEmail || 'Applicant',
    email: p.email ?? fallbackEmail,
    phone: p.phone,
    location,
    linkedinUrl: p.linkedin_url,
    title: p.current_title,
  };
}

/** The caller's application with its selected (or first) variant; 404 when not theirs. */
export async function loadApplicationContent(db: D1Database, user: UserIdentity, applicationId: string): Promise<ApplicationContent> {
  const [application, owner] = await Promise.all([
    applications.getApplication(db, user.userId, applicationId),
    profile.getOrCreateProfile(db, user),
  ]);
  if (!application) throw notFound('Application');
  const raw = application.variants.find((x) => x.id === application.selected_variant_id) ?? application.variants[0];
  if (!raw) throw new ApiError(422, 'APPLICATION_HAS_NO_CONTENT', 'This application has no generated cover letter or resume yet');
  return {
    applicationId: application.id,
    jobTitle: application.job_title,
    company: application.company,
    applicant: applicantOf(owner, user.email),
    variant: editorVariant(raw as Record<string, unknown>),
  };
}

/** "2020-03 – Present" */
export function dateRange(start: string, end: string): string {
  return [start, end || (start ? 'Present' : '')].filter(Boolean).join(' – ');
}
