import { useDb } from '../../db';
import { verifyAuditTrail } from '../../db/audit';
import { PrivacyloketError } from '../../lib/errors';
import { loadConfig } from '../../services/config';
import { parse } from '../args';
import type { Command } from '../main';
import { output } from '../output';

export const audit: Command = {
  usage: 'audit verify',
  summary: 'Check the hash chain of the audit trail; names the first event that does not match.',
  async run(args) {
    const { positionals, json } = parse(args, {}, ['verify']);
    if (positionals[0] !== 'verify')
      throw new PrivacyloketError('invalid-input', `Unknown audit command '${positionals[0]}'.`);
    const db = await useDb(loadConfig().database);
    try {
      const result = await verifyAuditTrail(db);
      output(json, result, () =>
        result.ok
          ? `Audit trail intact: ${result.count} events, last hash ${result.lastHash}.`
          : `Audit trail BROKEN at event ${result.broken.id} (${result.broken.at}, ${result.broken.type}): ${result.broken.reason}. ${result.count} events before it verify.`,
      );
      return result.ok ? 0 : 1;
    } finally {
      await db.destroy();
    }
  },
};
