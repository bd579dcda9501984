/**
 * What a line of text from a person may hold, everywhere it is accepted (CLI flags, `--input` files, workflow
 * updates): letters print it and the audit trail shows it, so it must read the same to everyone. Control and
 * format characters (zero-width spaces, right-to-left overrides) are refused, because they make one text look
 * like another; length is counted in characters as a person counts them, not in UTF-16 units.
 */

/** Control (Cc), format (Cf) and separator (Zl, Zp) characters; a line break is allowed only in multi-line text. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export interface TextRule {
  /** At most this many characters (Unicode code points after NFC normalisation). */
  max: number;
  /** Line breaks allowed (reasons, addresses); otherwise one line. */
  multiline?: boolean;
}

/** Names that act in the audit trail (`--by`): one line, short. */
export const ACTOR: TextRule = { max: 100 };

/** The text as stored: NFC-normalised and trimmed, with Windows line ends made plain. */
export function normaliseText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

export function characterCount(value: string): number {
  return Array.from(value).length;
}

/**
 * What is wrong with `value` under `rule`, as the end of a sentence that starts with the field's name
 * ("must not be empty"), or undefined when it is fine.
 */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must not be empty';
  const text = normaliseText(value);
  const count = characterCount(text);
  if (count > rule.max) return `must be at most ${rule.max} characters, got ${count}`;
  const hidden = Array.from(text).find((char) => HIDDEN.test(char) && !(rule.multiline && char === '\n'));
  if (hidden === '\n') return 'must be one line';
  if (hidden !== undefined) {
    const code = hidden.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not hold invisible or control characters (found U+${code})`;
  }
  return undefined;
}
