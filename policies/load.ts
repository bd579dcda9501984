/** Policies are files: `policies/<id>/policy.json`, validated on load; a bad one is named field by field. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PrivacyloketError } from '../lib/errors';
import { policySchema, type Policy } from './schema';

export const policiesDir = import.meta.dirname;

export function listPolicyIds(dir = policiesDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'policy.json')))
    .map((entry) => entry.name)
    .sort();
}

export function loadPolicy(id: string, dir = policiesDir): Policy {
  const known = listPolicyIds(dir);
  if (!/^[a-z0-9-]+$/.test(id) || !known.includes(id)) {
    throw new PrivacyloketError(
      'not-found',
      `Unknown policy '${id}': choose one of ${known.join(', ')}.`,
      'policy',
    );
  }
  const file = join(dir, id, 'policy.json');
  const shown = relative(process.cwd(), file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PrivacyloketError('invalid-config', `${shown} is not valid JSON: ${(error as Error).message}.`);
  }
  const result = policySchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
    throw new PrivacyloketError('invalid-config', `${shown} is not a valid policy: ${problems.join('; ')}.`);
  }
  if (result.data.id !== id) {
    throw new PrivacyloketError('invalid-config', `${shown}: id must be '${id}', the name of its directory.`);
  }
  if (!existsSync(join(dir, id, result.data.organisation.letterhead.logo))) {
    throw new PrivacyloketError(
      'invalid-config',
      `${shown}: organisation.letterhead.logo names a file that does not exist.`,
    );
  }
  return result.data;
}

export function loadPolicies(dir = policiesDir): Policy[] {
  return listPolicyIds(dir).map((id) => loadPolicy(id, dir));
}
