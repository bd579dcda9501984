import { verifyAuditTrail } from '../../db/audit';
import { defineCommand } from '../command';
import { formatMoment, output } from '../output';
import { withDb } from '../services';

export const auditVerify = defineCommand({
  name: 'audit verify',
  summary:
    'Check the hash chain of the audit trail; names the first event that does not match (exit code 1).',
  flags: {},
  json: 'Print {"ok", "count", "lastHash"}, or {"ok": false, "count", "broken": {"id", "at", "type", "reason"}}.',
  examples: ['privacyloket audit verify'],
  async run({ json }) {
    const result = await withDb((db) => verifyAuditTrail(db));
    output(json, result, () =>
      result.ok
        ? `Audit trail intact: ${result.count} events, last hash ${result.lastHash}.`
        : `Audit trail BROKEN at event ${result.broken.id} (${formatMoment(new Date(result.broken.at))}, ${result.broken.type}): ${result.broken.reason}. ${result.count} events before it verify.`,
    );
    return result.ok ? 0 : 1;
  },
});
