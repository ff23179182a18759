/** The meter's bookkeeping: which table a statement writes, and growth credited statement by statement. */
import { describe, expect, it } from 'vitest';
import { METERED_D1_BINDING, Meter, meteredEnv, writtenTable } from '../src/meter';

describe('writtenTable', () => {
  it('names the table of every write form the db package uses, and (read) otherwise', () => {
    expect(writtenTable('INSERT INTO jobs (id) VALUES (?)')).toBe('jobs');
    expect(writtenTable('INSERT OR IGNORE INTO "skills" (id) VALUES (?)')).toBe('skills');
    expect(writtenTable('  UPDATE tracked_applications SET status = ?')).toBe('tracked_applications');
    expect(writtenTable('DELETE FROM sessions WHERE user_id = ?')).toBe('sessions');
    expect(writtenTable('REPLACE INTO usage_limits VALUES (?)')).toBe('usage_limits');
    expect(writtenTable('-- seed\nINSERT INTO users (id) VALUES (?)')).toBe('users');
    expect(writtenTable('SELECT * FROM jobs WHERE user_id = ?')).toBe('(read)');
  });
});

describe('Meter', () => {
  it("credits each statement's growth over the previous size to the table it writes", () => {
    const meter = new Meter(1000);
    meter.record('INSERT INTO jobs (id) VALUES (?)', { rows_read: 0, rows_written: 3, size_after: 5096 });
    meter.record('SELECT * FROM jobs', { rows_read: 7, rows_written: 0, size_after: 5096 });
    meter.record('INSERT INTO users (id) VALUES (?)', { rows_read: 1, rows_written: 2, size_after: 9192 });
    meter.record('INSERT INTO jobs (id) VALUES (?)', { rows_read: 0, rows_written: 3, size_after: 9192 });
    meter.recordUnmetered();
    expect(meter.report()).toEqual({
      queries: 4,
      writeQueries: 3,
      rowsRead: 8,
      rowsWritten: 8,
      unmetered: 1,
      sizeBefore: 1000,
      sizeAfter: 9192,
      growthByTable: { jobs: 4096, users: 4096 },
      rowsWrittenByTable: { jobs: 6, users: 2 },
    });
  });

  it('meters the D1 bindings of today (DB) and of the sharded layout (DB_0 …), nothing else', () => {
    expect(['DB', 'DB_0', 'DB_12'].every((n) => METERED_D1_BINDING.test(n))).toBe(true);
    expect(['DB_X', 'SESSIONS', 'XDB'].some((n) => METERED_D1_BINDING.test(n))).toBe(false);
    const fake = { prepare: () => ({}), batch: async () => [], exec: async () => ({}) } as unknown as D1Database;
    const env = meteredEnv({ DB: fake, DB_1: fake, SESSIONS: 'kv' }, new Meter(0));
    expect(env.DB).not.toBe(fake);
    expect(env.DB_1).not.toBe(fake);
    expect(env.SESSIONS).toBe('kv');
  });
});
