import { checkPolicy } from '../../policies/check';
import { listPolicyIds, loadPolicy } from '../../policies/load';
import { defineCommand } from '../command';
import { output } from '../output';
import { loadConfig } from '../services';

export const policyList = defineCommand({
  name: 'policy list',
  summary: 'List the policies (those of PRIVACYLOKET_POLICIES_DIR when it is set).',
  flags: {},
  json: 'Print {"policies": [{"id", "organisation"}, …]}.',
  examples: ['privacyloket policy list'],
  async run({ json }) {
    const dir = (await loadConfig()).policiesDir;
    const policies = await Promise.all(listPolicyIds(dir).map((id) => loadPolicy(id, dir)));
    const rows = policies.map(({ id, organisation }) => ({ id, organisation: organisation.name }));
    output(json, { policies: rows }, () =>
      rows.map((row) => `${row.id.padEnd(16)} ${row.organisation}`).join('\n'),
    );
    return 0;
  },
});

export const policyCheck = defineCommand({
  name: 'policy check',
  summary: 'Check a policy against current law; exit code 1 when a rule is weaker than the law.',
  positionals: [
    { name: 'id', description: 'The policy, as privacyloket policy list shows it.', example: 'de-buurderij' },
  ],
  flags: {},
  json: 'Print {"policy", "findings": [{"severity", "rule", "message", "source"}, …]}.',
  examples: ['privacyloket policy check de-buurderij'],
  async run({ args, json }) {
    const dir = (await loadConfig()).policiesDir;
    const findings = checkPolicy(await loadPolicy(args.id, dir));
    const weaker = findings.filter((finding) => finding.severity === 'weaker-than-law');
    output(json, { policy: args.id, findings }, () =>
      [
        weaker.length === 0
          ? `Policy ${args.id}: no rule is weaker than current law.`
          : `Policy ${args.id}: ${weaker.length} rule${weaker.length === 1 ? ' is' : 's are'} weaker than current law.`,
        ...findings.map(
          (finding) =>
            `  ${finding.severity === 'note' ? 'note  ' : 'WEAKER'}  ${finding.rule}: ${finding.message} (${finding.source})`,
        ),
      ].join('\n'),
    );
    return weaker.length === 0 ? 0 : 1;
  },
});
