import { PrivacyloketError } from '../../lib/errors';
import { parseAccessRequest, startAccessRequest } from '../../worker/cases';
import { loadConfig } from '../../worker/config';
import { parse } from '../args';
import type { Command } from '../main';
import { output } from '../output';
import { readInputFile, withCaseServices } from '../services';

export const access: Command = {
  usage:
    'access start --policy <id> --received <ISO 8601> --name <name> --email <address> [--address <postal>] [--locale nl|en] [--input file.json]',
  summary: 'Register an access request (inzageverzoek) and start its workflow; prints the case reference.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      {
        policy: { type: 'string' },
        received: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        address: { type: 'string' },
        locale: { type: 'string' },
        input: { type: 'string' },
        by: { type: 'string' },
      },
      ['start'],
    );
    if (positionals[0] !== 'start') {
      throw new PrivacyloketError(
        'invalid-input',
        `Unknown access command '${positionals[0]}'; use access start.`,
      );
    }
    const { input, by, ...flags } = values;
    const fromFile = input === undefined ? {} : await readInputFile(input);
    const request = await parseAccessRequest(
      { ...fromFile, ...flags },
      { policiesDir: loadConfig().policiesDir },
    );
    const reference = await withCaseServices(by, (services) => startAccessRequest(services, request));
    output(json, { reference }, () => reference);
    return 0;
  },
};
