/**
 * The checks every officer update shares, for the validators of every process. A validator that throws rejects
 * the update before it reaches the workflow's history: the case is untouched and the officer gets one sentence
 * naming the field.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { parseInstant } from '../../lib/instants';
import { ACTOR, textProblem, type TextRule } from '../../lib/text';

/** Free text a letter prints or the evidence keeps: present, readable, and short enough for a letter. */
export const LONG_TEXT: TextRule = { max: 2000, multiline: true };
/** One line of a letter: a purpose, a category, a recipient. */
export const LINE: TextRule = { max: 300 };

export function refuse(message: string): never {
  throw ApplicationFailure.create({ type: 'invalid-input', message, nonRetryable: true });
}

export function text(field: string, value: unknown, rule: TextRule = LONG_TEXT, required = true): void {
  if (value === undefined && !required) return;
  const problem = textProblem(value, rule);
  if (problem) refuse(`${field} ${problem}`);
}

/** An e-mail address as mail servers take it: one address, no display name. */
export const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function email(field: string, value: unknown): void {
  text(field, value, { max: 254 });
  if (!EMAIL.test(value as string)) refuse(`${field} must be an e-mail address, got '${String(value)}'`);
}

/** Who acts: a name for the audit trail, on one line, without characters that would hide or forge an entry. */
export function actor(value: unknown): void {
  text('by', value, ACTOR);
}

export function list(field: string, value: unknown, { allowEmpty = false, rule = LINE } = {}): void {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0))
    refuse(`${field} must list at least one item`);
  if (value.length > 50) refuse(`${field} must list at most 50 items`);
  value.forEach((item, index) => text(`${field}[${index}]`, item, rule));
}

/** Objects from outside (an `--input` file, a desk form) carry only the fields the update knows. */
export function onlyKeys(field: string, value: unknown, keys: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    refuse(`${field} must be an object`);
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) refuse(`${field}.${unknown} is not a field; the fields are ${keys.join(', ')}`);
}

/**
 * Runs every check and refuses once with all their problems, so the officer corrects the input in one go (a
 * check refuses with one or more problems of its own).
 */
export function allOf(checks: (() => void)[]): void {
  const problems: string[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ApplicationFailure) || error.type !== 'invalid-input') throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) refuse([...new Set(problems)].join('; '));
}

/**
 * A moment an officer typed (a date, or a date-time with its offset): parsed, the flag named when it is not one,
 * and in the past of `now` (or, with `future`, after it). Answers it as ISO 8601.
 */
export function moment(
  flag: string,
  value: unknown,
  now: Date,
  { required = false, future = false } = {},
): string | undefined {
  if (value === undefined && !required) return undefined;
  text(flag, value, { max: 40 });
  let at: Date;
  try {
    at = parseInstant(flag, value as string);
  } catch (error) {
    refuse((error as Error).message.replace(/^Invalid input: /, ''));
  }
  if (!future && at.getTime() > now.getTime())
    refuse(`${flag} is ${value as string}, which is in the future`);
  if (future && at.getTime() <= now.getTime())
    refuse(`${flag} is ${value as string}, which is not in the future`);
  return at.toISOString();
}
