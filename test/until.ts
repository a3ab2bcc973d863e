/** Waits for something a request does after its answer reached the client (its outcome, an upstream abort), up to 2 s. */
export async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 400 && !condition(); i++) await Bun.sleep(5);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
