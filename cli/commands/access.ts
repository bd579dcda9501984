import { CHANNELS } from '../../db/cases';
import { defineCommand } from '../command';
import { formatDate, output } from '../output';
import { loadConfig, withCaseServices } from '../services';

export const accessStart = defineCommand({
  name: 'access start',
  summary:
    'Register an access request (inzageverzoek, AVG art. 15) and start its workflow; prints the case reference.',
  details: [
    'The acknowledgement, stating the due date, goes out at once. A request registered after its deadline has passed is accepted with a warning: its acknowledgement says so and promises the answer by --answer-by.',
  ],
  flags: {
    policy: {
      type: 'string',
      value: 'id',
      required: true,
      description:
        "The organisation's policy, which sets the period and how letters travel (privacyloket policy list).",
      example: 'gdpr-default',
    },
    received: {
      type: 'string',
      value: 'date',
      required: true,
      description:
        'When the request came in: a date, which is that day in Amsterdam, or a date-time with its UTC offset (2026-11-20T10:00:00+01:00).',
      example: '2026-11-20',
    },
    name: {
      type: 'string',
      required: true,
      description: "The requester's name, as the letters address them.",
      example: 'Jan de Vries',
    },
    email: {
      type: 'string',
      value: 'address',
      required: { unless: 'address' },
      description: 'Where the letters go by e-mail.',
      example: 'jan@example.nl',
    },
    address: {
      type: 'string',
      value: 'postal',
      required: { unless: 'email' },
      description:
        'The postal address, its lines separated by line breaks; a request on paper needs only this, and is answered by post.',
      example: 'Dorpsstraat 1, 1234 AB Ergens',
    },
    phone: {
      type: 'string',
      value: 'number',
      description: 'A telephone number: where the password of an encrypted letter is given.',
      example: '06-12345678',
    },
    via: {
      type: 'string',
      value: 'channel',
      values: CHANNELS,
      description: 'How the request came in (default: e-mail when --email is given, else letter).',
    },
    'reply-by-post': { type: 'boolean', description: 'The requester asked for the answers on paper.' },
    'answer-by': {
      type: 'string',
      value: 'date',
      description:
        'Only for a request registered after its deadline: the date its acknowledgement promises the answer by (default: a week from today).',
      example: '2026-12-07',
    },
    locale: {
      type: 'string',
      value: 'language',
      values: ['nl', 'en'],
      description: "The letters' language (default: the policy's).",
    },
  },
  officer: true,
  input: 'request.json',
  json: 'Print {"reference": "INZ-2026-0001", "started": true} (with "late": {"dueDate", "answerBy"} for a late registration).',
  examples: [
    'privacyloket access start --policy gdpr-default --received 2026-11-20 --name "Jan de Vries" --email jan@example.nl',
    'privacyloket access start --policy de-buurderij --received 2026-11-20T10:00:00+01:00 --name "Piet Jansen" --address $\'Dorpsstraat 1\\n1234 AB Ergens\'',
    'privacyloket access start --input request.json --by "Anna de Boer"',
  ],
  async run({ values, by, json }) {
    const [{ parseAccessRequest, registerCase }, config] = await Promise.all([
      import('../../worker/cases'),
      loadConfig(),
    ]);
    const request = await parseAccessRequest(values, { policiesDir: config.policiesDir });
    const { late } = request;
    const { reference, started } = await withCaseServices(by, (services) =>
      registerCase(services, 'access', request),
    );
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
});
