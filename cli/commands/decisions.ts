/** The officer's decisions on an access request: each one a workflow update, validated by the workflow. */
import { invalidInput } from '../../lib/errors';
import type { Duration } from '../../lib/durations';
import { decide as sendDecision, sendUpdate } from '../../worker/cases';
import {
  approveUpdate,
  extendUpdate,
  OUTCOMES,
  recordThirdPartyViewsUpdate,
  verifyIdentityUpdate,
  type AccessDecision,
  type AccessStatus,
  type Art15Elements,
} from '../../workflows/access-request-messages';
import { parse } from '../args';
import type { Command } from '../main';
import { formatMoment, output } from '../output';
import { readInputFile, withCaseServices } from '../services';

const by = { by: { type: 'string' } } as const;

function printStatus(json: boolean, status: AccessStatus): number {
  output(json, status, () =>
    [
      `${status.reference}: ${status.stage}, due ${formatMoment(new Date(status.dueAt))}${status.extended ? ' (extended)' : ''}`,
      `Next: ${status.nextStep}`,
    ].join('\n'),
  );
  return 0;
}

export const verifyIdentity: Command = {
  usage: 'verify-identity <reference> (--method <how> [--third-party-data] | --missing <what is needed>)',
  summary: "Record that the requester's identity is verified, or send a letter asking for what is missing.",
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      {
        method: { type: 'string' },
        missing: { type: 'string' },
        'third-party-data': { type: 'boolean' },
        ...by,
      },
      ['reference'],
    );
    if ((values.method === undefined) === (values.missing === undefined)) {
      throw invalidInput('--method', 'or --missing must be given, one of the two');
    }
    return withCaseServices(values.by, async (services) => {
      const input =
        values.method !== undefined
          ? {
              by: services.actor,
              verified: true as const,
              method: values.method,
              thirdPartyData: values['third-party-data'] === true,
            }
          : { by: services.actor, verified: false as const, missing: values.missing! };
      return printStatus(json, await sendUpdate(services, positionals[0]!, verifyIdentityUpdate, input));
    });
  },
};

export const thirdPartyViews: Command = {
  usage: 'third-party-views <reference> --consent given|refused|impossible --summary <their views>',
  summary: 'Record the views or consent of third persons whose data the file holds (Buurderij 22.4, 22.6).',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { consent: { type: 'string' }, summary: { type: 'string' }, ...by },
      ['reference'],
    );
    const consent = values.consent as 'given' | 'refused' | 'impossible';
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, recordThirdPartyViewsUpdate, {
          by: services.actor,
          consent,
          summary: values.summary ?? '',
        }),
      ),
    );
  },
};

export const decide: Command = {
  usage:
    'decide <reference> --outcome full|partial|refused|no-data [--reasons <text>] [--copy <data.pdf>] [--purpose <p>]… [--category <c>]… [--recipient <r>]… [--retention <text>] [--source <text>] [--third-countries <text>] [--automated-decisions <text>] [--input decision.json]',
  summary:
    'Decide on the request; full and partial need the art. 15(1) information and --copy, refused needs --reasons.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      {
        outcome: { type: 'string' },
        reasons: { type: 'string' },
        copy: { type: 'string' },
        purpose: { type: 'string', multiple: true },
        category: { type: 'string', multiple: true },
        recipient: { type: 'string', multiple: true },
        retention: { type: 'string' },
        source: { type: 'string' },
        'third-countries': { type: 'string' },
        'automated-decisions': { type: 'string' },
        input: { type: 'string' },
        ...by,
      },
      ['reference'],
    );
    const file = values.input === undefined ? {} : await readInputFile(values.input);
    const outcome = (values.outcome ?? file.outcome) as AccessDecision['outcome'];
    if (!OUTCOMES.includes(outcome)) throw invalidInput('--outcome', `must be one of ${OUTCOMES.join(', ')}`);
    const fileElements = (file.elements ?? {}) as Partial<Art15Elements>;
    const elements: Art15Elements = {
      purposes: values.purpose ?? fileElements.purposes ?? [],
      categories: values.category ?? fileElements.categories ?? [],
      recipients: values.recipient ?? fileElements.recipients ?? [],
      retention: values.retention ?? fileElements.retention ?? '',
      ...optional('source', values.source ?? fileElements.source),
      ...optional('thirdCountries', values['third-countries'] ?? fileElements.thirdCountries),
      ...optional('automatedDecisions', values['automated-decisions'] ?? fileElements.automatedDecisions),
    };
    const discloses = outcome === 'full' || outcome === 'partial';
    const reasons = values.reasons ?? (file.reasons as string | undefined);
    const copy = values.copy ?? (file.copy as string | undefined);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendDecision(
          services,
          positionals[0]!,
          {
            by: services.actor,
            outcome,
            ...optional('reasons', reasons),
            ...(discloses ? { elements } : {}),
          },
          copy,
        ),
      ),
    );
  },
};

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export const approve: Command = {
  usage: 'approve <reference> [--reject]',
  summary: 'Second officer (four eyes): approve the decision, or send it back with --reject.',
  async run(args) {
    const { positionals, values, json } = parse(args, { reject: { type: 'boolean' }, ...by }, ['reference']);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, approveUpdate, {
          by: services.actor,
          approved: values.reject !== true,
        }),
      ),
    );
  },
};

const EXTENSION = /^(\d+)\s*(day|days|week|weeks|month|months)$/;

export const extend: Command = {
  usage: 'extend <reference> --period "2 months" --reasons <text>',
  summary:
    'Extend the deadline once, before it passes, by at most 2 months, with reasons (art. 12(3)); sends a letter.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { period: { type: 'string' }, reasons: { type: 'string' }, ...by },
      ['reference'],
    );
    const match = EXTENSION.exec((values.period ?? '').trim());
    if (!match) throw invalidInput('--period', "must be a period such as '2 months', '6 weeks' or '30 days'");
    const unit = match[2]!.replace(/s?$/, 's') as 'days' | 'weeks' | 'months';
    const extendBy: Duration = { [unit]: Number(match[1]) };
    if (values.reasons === undefined)
      throw invalidInput('--reasons', 'is required: art. 12(3) asks for the reasons');
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, extendUpdate, {
          by: services.actor,
          extendBy,
          reasons: values.reasons!,
        }),
      ),
    );
  },
};
