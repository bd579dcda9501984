/**
 * The one error class of Privacyloket's own code. `code` says what kind of failure it is; the CLI turns it into
 * an exit code and prints `message`, which is written as one sentence for a person to read.
 */
export type ErrorCode =
  | 'invalid-input' // a flag, file or update that does not validate: exit code 2
  | 'invalid-config' // configuration that does not validate: exit code 2
  | 'not-found' // an unknown policy, case or letter
  | 'tool-missing' // a program Privacyloket needs and could not install
  | 'audit-broken' // the audit trail's hash chain does not verify
  | 'unavailable' // a server that does not answer
  | 'unauthenticated' // a wrong username or password at the desk's login: exit code 2
  | 'throttled'; // too many failed logins for that username or address: exit code 2

export class PrivacyloketError extends Error {
  override readonly name = 'PrivacyloketError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** "--received must be an ISO 8601 date-time …": the field, then what is wrong with it. */
export function invalidInput(field: string, message: string): PrivacyloketError {
  return new PrivacyloketError('invalid-input', `${field} ${message}`, field);
}

/** Refusals a person can put right (the input, the configuration, a name, a login): the CLI exits with 2. */
const REFUSALS: readonly ErrorCode[] = [
  'invalid-input',
  'invalid-config',
  'not-found',
  'unauthenticated',
  'throttled',
];

/** The CLI's exit code for an error of ours: 2 for a refusal, 1 for a failure (a broken chain, a server down). */
export function exitCode(error: PrivacyloketError): 1 | 2 {
  return REFUSALS.includes(error.code) ? 2 : 1;
}
