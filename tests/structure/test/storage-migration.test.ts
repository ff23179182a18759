/**
 * Migration 0017 (storage counters and caps) is generated from packages/db/src/quotas.ts:
 * a cap or a capped table changed there without regenerating the file fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = join(ROOT, 'packages/db/scripts/storage-migration.mjs');
const MIGRATION = join(ROOT, 'packages/db/migrations/0017_storage_usage.sql');

const check = (file: string) => {
  try {
    execFileSync(process.execPath, [SCRIPT, '--check', '--file', file], { stdio: 'pipe' });
    return 0;
  } catch (error) {
    return (error as { status: number }).status;
  }
};

describe('migration 0017', () => {
  it('is what storageSchemaSql() generates from STORAGE_QUOTAS and STORAGE_TABLES; a stale copy is caught', () => {
    expect(check(MIGRATION)).toBe(0);
    const stale = join(mkdtempSync(join(tmpdir(), 'storage-migration-')), '0017.sql');
    writeFileSync(stale, readFileSync(MIGRATION, 'utf8').replace("('jobs', 5000,", "('jobs', 6000,"));
    expect(check(stale)).toBe(1);
  });
});
