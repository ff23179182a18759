/** The gateway's read-consistency decision (src/read-consistency.ts). */
import { describe, expect, it } from 'vitest';
import { H_READ_CONSISTENCY, READ_YOUR_WRITES_WINDOW_MS, consistencyAfterWrite, readConsistencyOf } from '../src';

describe('read consistency', () => {
  it('the primary for the window after the latest write, a replica after it or with no write in the stamps lifetime', () => {
    const wroteAt = 1_000_000;
    for (const after of [0, 1_000, READ_YOUR_WRITES_WINDOW_MS])
      expect(consistencyAfterWrite(wroteAt, wroteAt + after), `${after} ms`).toBe('primary');
    expect(consistencyAfterWrite(wroteAt, wroteAt + READ_YOUR_WRITES_WINDOW_MS + 1)).toBe('replica');
    expect(consistencyAfterWrite(0, wroteAt)).toBe('replica');
    // Stamps not read (no-cache request, a route never cached): the primary.
    expect(consistencyAfterWrite(null, wroteAt)).toBe('primary');
  });

  it('a service reads the hint; anything but exactly "replica" is the primary', () => {
    const hinted = (value?: string) =>
      readConsistencyOf(
        new Request('https://core.internal/api/jobs', { headers: value === undefined ? {} : { [H_READ_CONSISTENCY]: value } }),
      );
    expect(hinted('replica')).toBe('replica');
    for (const value of [undefined, '', 'primary', 'REPLICA', 'any']) expect(hinted(value), String(value)).toBe('primary');
  });
});
