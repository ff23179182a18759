/**
 * The profile part of the users table: read (provisioning the row), patch, OAuth enrichment,
 * the one-batch /api/profile/complete read, and profile_version — the change counter the ai
 * Worker keys cached analyses on. Every write to the profile, work experience, education or
 * skills bumps it in the same D1 batch as the write.
 */
import { listEducationStatement, rowToEducation, type Education } from './education';
import { listResumesStatement, rowToResume, type Resume } from './resumes';
import { listSkillsStatement, rowToSkill, type Skill } from './skills';
import { nowIso, str, updateStatement, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';
import { listWorkExperienceStatement, rowToWorkExperience, type WorkExperience } from './work-experience';

/** The fields a user edits through PATCH /api/profile (snake_case, as the API names them). */
export const PROFILE_FIELDS = [
  'first_name',
  'last_name',
  'phone',
  'location',
  'street_address',
  'city',
  'state',
  'postal_code',
  'country',
  'linkedin_url',
  'photo_url',
  'current_title',
  'professional_summary',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type ProfilePatch = Partial<Record<ProfileField, string | null>>;

export interface Profile extends Record<ProfileField, string | null> {
  id: string;
  email: string | null;
  profile_version: number;
  created_at: string;
  updated_at: string;
}

const PROFILE_COLUMNS = `id, email, ${PROFILE_FIELDS.join(', ')}, profile_version, created_at, updated_at`;

export function rowToProfile(row: Row): Profile {
  const profile = {
    id: String(row.id),
    email: str(row.email),
    profile_version: Number(row.profile_version),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  } as Profile;
  for (const field of PROFILE_FIELDS) profile[field] = str(row[field]);
  return profile;
}

const selectProfile = (db: D1Database, userId: string) => db.prepare(`SELECT ${PROFILE_COLUMNS} FROM users WHERE id = ?1`).bind(userId);

/** The caller's profile, created from the token's id + email on first read. */
export async function getOrCreateProfile(db: D1Database, user: UserIdentity): Promise<Profile> {
  const [, selected] = await db.batch([ensureUserStatement(db, user), selectProfile(db, user.userId)]);
  return rowToProfile((selected!.results as Row[])[0]!);
}

/** Applies the patch and bumps profile_version in the same statement. */
export async function updateProfile(db: D1Database, user: UserIdentity, patch: ProfilePatch): Promise<Profile> {
  const set: Record<string, unknown> = { updated_at: nowIso() };
  for (const field of PROFILE_FIELDS) set[field] = patch[field];
  const [, updated] = await db.batch([
    ensureUserStatement(db, user),
    updateStatement(db, 'users', {
      where: 'id = ?1',
      whereParams: [user.userId],
      set,
      computed: () => ['profile_version = profile_version + 1'],
      returning: PROFILE_COLUMNS,
    })!,
  ]);
  return rowToProfile((updated!.results as Row[])[0]!);
}

/** A skill with `endorsed_count`, the column name useCompleteProfile reads. */
export type StoredSkill = Skill & { endorsed_count: number };

/**
 * The whole profile, parsed (work experience `accomplishments` as a list). core's
 * /api/profile/complete turns it into the rows-as-stored wire shape its hook JSON.parse()s;
 * the ai Worker reads it as it is.
 */
export interface CompleteProfile {
  profile: Profile;
  workExperience: WorkExperience[];
  education: Education[];
  skills: StoredSkill[];
  resumes: Resume[];
}

const storedSkill = (row: Row): StoredSkill => {
  const skill = rowToSkill(row);
  return { ...skill, endorsed_count: skill.endorsements };
};

/** Everything the profile page shows, in ONE D1 batch (one round trip, one snapshot). */
export async function getCompleteProfile(db: D1Database, user: UserIdentity): Promise<CompleteProfile> {
  const [, profile, work, education, skills, resumes] = await db.batch([
    ensureUserStatement(db, user),
    selectProfile(db, user.userId),
    listWorkExperienceStatement(db, user.userId),
    listEducationStatement(db, user.userId),
    listSkillsStatement(db, user.userId),
    listResumesStatement(db, user.userId),
  ]);
  const rows = (r: D1Result | undefined) => (r?.results ?? []) as Row[];
  return {
    profile: rowToProfile(rows(profile)[0]!),
    workExperience: rows(work).map(rowToWorkExperience),
    education: rows(education).map(rowToEducation),
    skills: rows(skills).map(storedSkill),
    resumes: rows(resumes).map(rowToResume),
  };
}

/** True when the user's row exists (never provisions it). */
export async function profileExists(db: D1Database, userId: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 AS present FROM users WHERE id = ?1').bind(userId).first()) !== null;
}

/** Profile data from an OAuth provider (LinkedIn, Google). Empty values are ignored. */
export interface OAuthProfileData {
  email?: string;
  first_name?: string;
  last_name?: string;
  photo_url?: string;
  linkedin_url?: string;
}
const OAUTH_FIELDS = ['email', 'first_name', 'last_name', 'photo_url', 'linkedin_url'] as const;
type OAuthField = (typeof OAUTH_FIELDS)[number];

/**
 * Provisions the user's row if needed, then fills only the fields that are still empty
 * (OAuth data never overwrites what the user typed). Bumps profile_version only when a
 * field actually changed. One batch.
 */
export async function applyOAuthProfile(
  db: D1Database,
  user: UserIdentity,
  data: OAuthProfileData,
): Promise<{ created: boolean; updated: boolean }> {
  const given = OAUTH_FIELDS.filter((field) => data[field] !== undefined && data[field] !== '');
  const empty = (field: OAuthField) => `coalesce(${field}, '') = ''`;
  const statements = [ensureUserStatement(db, { userId: user.userId, email: user.email ?? data.email ?? null })];
  if (given.length > 0) {
    statements.push(
      updateStatement(db, 'users', {
        where: `id = ?1 AND (${given.map(empty).join(' OR ')})`,
        whereParams: [user.userId],
        set: { updated_at: nowIso() },
        computed: (param) => [
          ...given.map((field) => `${field} = CASE WHEN ${empty(field)} THEN ${param(data[field])} ELSE ${field} END`),
          'profile_version = profile_version + 1',
        ],
        returning: 'id',
      })!,
    );
  }
  const [inserted, enriched] = await db.batch(statements);
  return { created: (inserted?.meta.changes ?? 0) > 0, updated: (enriched?.results.length ?? 0) > 0 };
}
