/**
 * Small helpers every test suite uses, in workerd or in Node: no bindings, no Worker imports.
 * Suite-specific callers (core's signed `call`, the gateway's `gateway`/`asUser`) build on these.
 */
/** A parsed JSON body. Tests read it field by field and assert each field's type, so it is loose on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: the one loose type for response bodies; every other test type is strict
export type Json = any;

/** A fresh user id, so tests never share rows. */
export const newUser = () => `user-${crypto.randomUUID()}`;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** If the current fixed window of `seconds` ends within a few seconds, waits for the next, so a burst cannot straddle two windows. */
export async function alignToWindow(seconds: number): Promise<void> {
  const ms = seconds * 1000;
  const left = ms - (Date.now() % ms);
  if (left < Math.min(5000, (ms * 3) / 4)) await sleep(left + 20);
}
