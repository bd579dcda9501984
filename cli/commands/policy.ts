import { PrivacyloketError } from '../../lib/errors';
import { checkPolicy } from '../../policies/check';
import { listPolicyIds, loadPolicy } from '../../policies/load';
import { loadConfig } from '../../services/config';
import { parse } from '../args';
import type { Command } from '../main';
import { output } from '../output';

export const policy: Command = {
  usage: 'policy list | policy check <id>',
  summary:
    'List the policies, or check one against current law (exit code 1 when a rule is weaker than the law).',
  async run(args) {
    const { positionals, json } = parse(args, {}, ['list|check'], ['id']);
    const [action, id] = positionals;
    const dir = loadConfig().policiesDir;
    if (action === 'list' && id === undefined) {
      const policies = await Promise.all(listPolicyIds(dir).map((policyId) => loadPolicy(policyId, dir)));
      const rows = policies.map(({ id, organisation }) => ({ id, organisation: organisation.name }));
      output(json, { policies: rows }, () =>
        rows.map((row) => `${row.id.padEnd(16)} ${row.organisation}`).join('\n'),
      );
      return 0;
    }
    if (action !== 'check' || id === undefined) {
      throw new PrivacyloketError(
        'invalid-input',
        'Use: privacyloket policy list, or privacyloket policy check <id>.',
      );
    }
    const findings = checkPolicy(await loadPolicy(id, dir));
    const weaker = findings.filter((finding) => finding.severity === 'weaker-than-law');
    output(json, { policy: id, findings }, () =>
      [
        weaker.length === 0
          ? `Policy ${id}: no rule is weaker than current law.`
          : `Policy ${id}: ${weaker.length} rule${weaker.length === 1 ? ' is' : 's are'} weaker than current law.`,
        ...findings.map(
          (finding) =>
            `  ${finding.severity === 'note' ? 'note  ' : 'WEAKER'}  ${finding.rule}: ${finding.message} (${finding.source})`,
        ),
      ].join('\n'),
    );
    return weaker.length === 0 ? 0 : 1;
  },
};
