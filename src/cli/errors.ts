/** Exit codes: 0 all well, 1 some inputs failed, 2 the command itself could not run. */
export const EXIT_INPUT_FAILED = 1;
export const EXIT_FATAL = 2;

/** An error whose message is complete and meant for the user: printed without a stack. */
export class UserError extends Error {
  override name = 'UserError';
}
