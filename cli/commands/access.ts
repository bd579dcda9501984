import { PrivacyloketError } from '../../lib/errors';
import { CASE_FIELDS, parseCaseRequest, registerCase } from '../../services/start';
import { loadConfig } from '../../services/config';
import { parse } from '../args';
import type { Command } from '../main';
import { formatDate, output } from '../output';
import { readInputFile, withCaseServices } from '../services';

export const access: Command = {
  usage:
    'access start --policy <id> --received <ISO 8601> --name <name> (--email <address> | --address <postal>) [--phone <number>] [--via e-mail|letter|in-person|phone] [--reply-by-post] [--answer-by <YYYY-MM-DD>] [--locale nl|en] [--input file.json]',
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
        phone: { type: 'string' },
        via: { type: 'string' },
        'reply-by-post': { type: 'boolean' },
        'answer-by': { type: 'string' },
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
    const fields = CASE_FIELDS.map((field) => field.name);
    const fromFile = input === undefined ? {} : await readInputFile(input, fields);
    const request = await parseCaseRequest(
      'access',
      { ...fromFile, ...flags },
      { policiesDir: loadConfig().policiesDir },
    );
    const { late } = request;
    const { reference, started } = await withCaseServices(by, (services) => registerCase(services, request));
    if (late) {
      console.error(
        `privacyloket: warning: ${reference} was due on ${formatDate(late.dueDate)}, which has passed; the acknowledgement says so and promises the answer by ${formatDate(late.answerBy)} (--answer-by to choose another date).`,
      );
    }
    if (!started) {
      console.error(
        `privacyloket: ${reference} is registered; Temporal did not start its workflow now, so the worker starts it as soon as it can (within a minute of running).`,
      );
    }
    output(json, { reference, started, ...(late ? { late } : {}) }, () => reference);
    return 0;
  },
};
