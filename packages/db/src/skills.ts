/**
 * SQL for skills. A name is unique per user case-insensitively (Unicode-aware, via name_key);
 * every query is scoped by user_id; writes bump profile_version in the same batch.
 */
import { bumpProfileVersionStatement } from './profile-version';
import { newId, nowIso, str, updateStatement, type Row } from './sql';
import { ensureUserStatement, type UserIdentity } from './users';

export const SKILL_LEVELS = ['beginner', 'intermediate', 'advanced', 'expert'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

export interface Skill {
  id: string;
  name: string;
  level: SkillLevel | null;
  endorsements: number;
  created_at: string;
  updated_at: string;
}

export interface SkillInput {
  name: string;
  level?: SkillLevel | null;
  endorsements?: number;
}

const COLUMNS = 'id, name, level, endorsements, created_at, updated_at';

/** The uniqueness key of a skill name: "TypeScript", "typescript" and "ＴypeScript" collide. */
export const skillNameKey = (name: string): string => name.normalize('NFKC').trim().toLowerCase();

export function rowToSkill(row: Row): Skill {
  return {
    id: String(row.id),
    name: String(row.name),
    level: str(row.level) as SkillLevel | null,
    endorsements: Number(row.endorsements ?? 0),
    created_at: String(row.created_at),
    updated_at: String(row.updated_at),
  };
}

/** The user's skills by name (the unique index serves it; shared with the /complete batch). */
export function listSkillsStatement(db: D1Database, userId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM skills WHERE user_id = ?1 ORDER BY name_key`).bind(userId);
}

export async function listSkills(db: D1Database, userId: string): Promise<Skill[]> {
  const { results } = await listSkillsStatement(db, userId).all<Row>();
  return results.map(rowToSkill);
}

export async function getSkill(db: D1Database, userId: string, id: string): Promise<Skill | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM skills WHERE id = ?1 AND user_id = ?2`).bind(id, userId).first<Row>();
  return row ? rowToSkill(row) : null;
}

async function findByName(db: D1Database, userId: string, name: string): Promise<Skill | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM skills WHERE user_id = ?1 AND name_key = ?2`)
    .bind(userId, skillNameKey(name))
    .first<Row>();
  return row ? rowToSkill(row) : null;
}

export type SkillWrite = { status: 'ok'; skill: Skill } | { status: 'not_found' } | { status: 'name_taken'; existing: Skill };

/** Adds a skill; a name the user already has (in any case) is `name_taken`, nothing changes. */
export async function createSkill(db: D1Database, user: UserIdentity, input: SkillInput): Promise<SkillWrite> {
  const id = newId();
  const [, inserted] = await db.batch([
    ensureUserStatement(db, user),
    db
      .prepare(
        `INSERT INTO skills (id, user_id, name, name_key, level, endorsements, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
         ON CONFLICT (user_id, name_key) DO NOTHING RETURNING ${COLUMNS}`,
      )
      .bind(id, user.userId, input.name, skillNameKey(input.name), input.level ?? null, input.endorsements ?? 0, nowIso()),
    // Bumps only if the insert happened (the new row exists in this transaction).
    bumpProfileVersionStatement(db, user.userId, { table: 'skills', id }),
  ]);
  const row = (inserted!.results as Row[])[0];
  if (row) return { status: 'ok', skill: rowToSkill(row) };
  const existing = await findByName(db, user.userId, input.name);
  return existing ? { status: 'name_taken', existing } : { status: 'not_found' };
}

/** Patches the user's own skill; renaming onto another of their skills is `name_taken`. */
export async function updateSkill(db: D1Database, userId: string, id: string, patch: Partial<SkillInput>): Promise<SkillWrite> {
  if (patch.name !== undefined) {
    const clash = await findByName(db, userId, patch.name);
    if (clash && clash.id !== id) return { status: 'name_taken', existing: clash };
  }
  const update = updateStatement(db, 'skills', {
    where: 'id = ?1 AND user_id = ?2',
    whereParams: [id, userId],
    set: {
      name: patch.name,
      name_key: patch.name === undefined ? undefined : skillNameKey(patch.name),
      level: patch.level,
      endorsements: patch.endorsements,
      updated_at: nowIso(),
    },
    returning: COLUMNS,
  })!;
  try {
    const [, updated] = await db.batch([bumpProfileVersionStatement(db, userId, { table: 'skills', id }), update]);
    const row = (updated!.results as Row[])[0];
    return row ? { status: 'ok', skill: rowToSkill(row) } : { status: 'not_found' };
  } catch (error) {
    // A concurrent insert of the same name between the check and the update.
    const clash = patch.name !== undefined && isUniqueViolation(error) ? await findByName(db, userId, patch.name) : null;
    if (clash) return { status: 'name_taken', existing: clash };
    throw error;
  }
}

export async function deleteSkill(db: D1Database, userId: string, id: string): Promise<boolean> {
  const [, deleted] = await db.batch([
    bumpProfileVersionStatement(db, userId, { table: 'skills', id }),
    db.prepare('DELETE FROM skills WHERE id = ?1 AND user_id = ?2').bind(id, userId),
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}

/**
 * Inserts or updates up to 100 skills in ONE transaction (one D1 batch): a name the user
 * already has is updated (level / endorsements only when given), a name repeated within the
 * request counts once (its last occurrence wins). Returns the resulting rows in request order.
 */
export async function upsertSkills(db: D1Database, user: UserIdentity, inputs: SkillInput[]): Promise<Skill[]> {
  const byKey = new Map<string, SkillInput>();
  for (const input of inputs) {
    const key = skillNameKey(input.name);
    byKey.delete(key); // re-insert so the last occurrence also decides the order
    byKey.set(key, input);
  }
  const now = nowIso();
  const upserts = [...byKey].map(([key, input]) =>
    db
      .prepare(
        `INSERT INTO skills (id, user_id, name, name_key, level, endorsements, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, 0), ?7, ?7)
         ON CONFLICT (user_id, name_key) DO UPDATE SET
           name = excluded.name,
           level = coalesce(?5, skills.level),
           endorsements = coalesce(?6, skills.endorsements),
           updated_at = excluded.updated_at
         RETURNING ${COLUMNS}`,
      )
      .bind(newId(), user.userId, input.name, key, input.level ?? null, input.endorsements ?? null, now),
  );
  const results = await db.batch([ensureUserStatement(db, user), ...upserts, bumpProfileVersionStatement(db, user.userId)]);
  return results.slice(1, 1 + upserts.length).map((r) => rowToSkill((r.results as Row[])[0]!));
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed/i.test(`${error.message} ${String(error.cause ?? '')}`);
}
