/**
 * Policies are files: `policies/<id>/policy.json` beside its letterhead logo, validated on load. A bad policy is
 * refused with every bad field named at once, so whoever edits it fixes it in one go (SPEC "Non-negotiables").
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { PrivacyloketError } from '../lib/errors';
import { policySchema, type Policy } from './schema';

export const policiesDir = import.meta.dirname;

/** Ids are directory names: nothing that could climb out of the policies directory. */
const POLICY_ID = /^[a-z0-9-]+$/;

export function listPolicyIds(dir = policiesDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && POLICY_ID.test(entry.name))
    .filter((entry) => existsSync(join(dir, entry.name, 'policy.json')))
    .map((entry) => entry.name)
    .sort();
}

export async function loadPolicy(id: string, dir = policiesDir): Promise<Policy> {
  const known = listPolicyIds(dir);
  if (!POLICY_ID.test(id) || !known.includes(id)) {
    throw new PrivacyloketError(
      'not-found',
      `Unknown policy '${id}': choose one of ${known.join(', ')}.`,
      'policy',
    );
  }
  const file = join(dir, id, 'policy.json');
  const shown = displayPath(file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new PrivacyloketError(
      'invalid-config',
      `${shown} is not valid JSON: ${(error as Error).message}.`,
      'policy',
    );
  }
  const result = policySchema.safeParse(json, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
  });
  const problems = result.success ? [] : result.error.issues.flatMap(describeIssue);
  // What the schema cannot see: the file's place on disk.
  const raw = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (typeof raw.id === 'string' && raw.id !== id)
    problems.push(`id: must be '${id}', the name of its directory`);
  const logo = result.success ? result.data.organisation.letterhead.logo : undefined;
  if (logo !== undefined && !existsSync(join(dir, id, logo))) {
    problems.push(`organisation.letterhead.logo: ${logo} does not exist beside policy.json`);
  }
  if (!result.success || problems.length > 0) {
    throw new PrivacyloketError('invalid-config', `${shown}: ${problems.join('; ')}.`, 'policy');
  }
  return result.data;
}

export async function loadPolicies(dir = policiesDir): Promise<Policy[]> {
  return Promise.all(listPolicyIds(dir).map((id) => loadPolicy(id, dir)));
}

/** `processes.access.period: must be …`; an unknown key is named as a field of its own. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = (path: PropertyKey[]) => path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${at([...issue.path, key])}: unknown field`);
  }
  if (issue.code === 'invalid_key') {
    return [`${at(issue.path)}: ${issue.issues.map((inner) => inner.message).join(', ')}`];
  }
  return [`${at(issue.path)}: ${issue.message}`];
}

/** `policies/x/policy.json` inside the working directory, the absolute path elsewhere. */
function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}
