// For tests of the pure rules: the message a `check…` rule refuses with (it throws a plain Error).

/** The refusal's message; fails the test when the check accepts. */
export function refusal(check: () => void): string {
  try {
    check();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the event to be refused, it was accepted');
}
