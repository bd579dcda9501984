/** The officer's decisions on a case: each one a workflow update, validated by the workflow. */
import { describeNextStep } from '../../templates';
import { invalidInput } from '../../lib/errors';
import type { Duration } from '../../lib/durations';
import { mayExceed } from '../../policies/periods';
import { decide as sendDecision, resendLetter, sendUpdate } from '../../services/cases';
import {
  GROUNDS,
  OUTCOMES,
  recordThirdPartyViewsUpdate,
  type AccessDecision,
  type Art15Elements,
  type Ground,
} from '../../workflows/access-request-messages';
import { letterPostedUpdate, type CaseStatus } from '../../workflows/case/messages';
import { approveUpdate, extendUpdate, verifyIdentityUpdate } from '../../workflows/case/updates';
import { parse } from '../args';
import { letterKind } from './letter';
import type { Command } from '../main';
import { formatMoment, output } from '../output';
import { readInputFile, withCaseServices } from '../services';

const by = { by: { type: 'string' } } as const;

export function printStatus(json: boolean, status: CaseStatus & { extended?: boolean }): number {
  const next = describeNextStep(status.next, 'en');
  output(json, status, () =>
    [
      `${status.reference}: ${status.stage}, due ${formatMoment(new Date(status.dueAt))}${status.extended ? ' (extended)' : ''}`,
      `Next: ${next.text}${next.command ? `: ${next.command}` : ''}`,
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
  summary:
    'Record the views or consent of other people whose data the file holds (art. 15(4); Buurderij 22.4, 22.6).',
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

const DECISION_FIELDS = ['outcome', 'reasons', 'grounds', 'copy', 'elements', 'thirdParties'] as const;

export const decide: Command = {
  usage:
    'decide <reference> --outcome full|partial|refused|no-data [--reasons <text>] [--ground rights-of-others|privacy-of-another|protection|manifestly-unfounded]… [--copy <data.pdf>] [--purpose <p>]… [--category <c>]… [--recipient <r>]… [--retention <text>] [--source <text>] [--third-countries <text> --transfer-safeguards <text>] [--automated-decisions <text>] [--weighing <text>] [--redacted <text>] [--input decision.json]',
  summary:
    'Decide on the request; full and partial need the art. 15(1) information (source included) and --copy; partial and refused need --reasons and --ground; data of others needs --weighing.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      {
        outcome: { type: 'string' },
        reasons: { type: 'string' },
        ground: { type: 'string', multiple: true },
        copy: { type: 'string' },
        purpose: { type: 'string', multiple: true },
        category: { type: 'string', multiple: true },
        recipient: { type: 'string', multiple: true },
        retention: { type: 'string' },
        source: { type: 'string' },
        'third-countries': { type: 'string' },
        'transfer-safeguards': { type: 'string' },
        'automated-decisions': { type: 'string' },
        weighing: { type: 'string' },
        redacted: { type: 'string' },
        input: { type: 'string' },
        ...by,
      },
      ['reference'],
    );
    const file = values.input === undefined ? {} : await readInputFile(values.input, DECISION_FIELDS);
    const outcome = (values.outcome ?? file.outcome) as AccessDecision['outcome'];
    if (!OUTCOMES.includes(outcome)) throw invalidInput('--outcome', `must be one of ${OUTCOMES.join(', ')}`);
    const grounds = (values.ground ?? file.grounds) as Ground[] | undefined;
    if ((outcome === 'partial' || outcome === 'refused') && grounds === undefined) {
      throw invalidInput(
        '--ground',
        `is required when the outcome is ${outcome}: the legal ground the letter cites (${GROUNDS.join(', ')})`,
      );
    }
    const unknownGround = grounds?.find((ground) => !GROUNDS.includes(ground));
    if (unknownGround !== undefined) {
      throw invalidInput('--ground', `must be one of ${GROUNDS.join(', ')}, got '${unknownGround}'`);
    }
    const fileElements: Partial<Art15Elements> = file.elements ?? {};
    const elements = {
      ...fileElements,
      purposes: values.purpose ?? fileElements.purposes ?? [],
      categories: values.category ?? fileElements.categories ?? [],
      recipients: values.recipient ?? fileElements.recipients ?? [],
      retention: values.retention ?? fileElements.retention ?? '',
      source: values.source ?? fileElements.source ?? '',
      ...optional('thirdCountries', values['third-countries']),
      ...optional('transferSafeguards', values['transfer-safeguards']),
      ...optional('automatedDecisions', values['automated-decisions']),
    };
    const fileThirdParties = (file.thirdParties ?? {}) as Record<string, unknown>;
    const weighing = values.weighing ?? fileThirdParties.weighing;
    const thirdParties =
      weighing === undefined && file.thirdParties === undefined
        ? {}
        : { thirdParties: { ...fileThirdParties, weighing, ...optional('redacted', values.redacted) } };
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
            ...(grounds === undefined ? {} : { grounds }),
            ...(discloses ? { elements, ...thirdParties } : thirdParties),
          } as AccessDecision,
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
  usage: 'approve <reference> [--reject --reasons <why it goes back>]',
  summary: 'Second officer (four eyes): approve the decision, or send it back with --reject and reasons.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { reject: { type: 'boolean' }, reasons: { type: 'string' }, ...by },
      ['reference'],
    );
    if (values.reject === true && values.reasons === undefined) {
      throw invalidInput('--reasons', 'is required with --reject: say why the decision goes back');
    }
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, approveUpdate, {
          by: services.actor,
          approved: values.reject !== true,
          ...optional('reasons', values.reasons),
        }),
      ),
    );
  },
};

const EXTENSION = /^(\d{1,4})\s*(day|days|week|weeks|month|months)$/;

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
    if (Number(match[1]) === 0 || mayExceed(extendBy, { months: 2 })) {
      throw invalidInput(
        '--period',
        `is '${values.period}'; art. 12(3) allows an extension of at most 2 months`,
      );
    }
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

export const posted: Command = {
  usage: 'posted <reference> <kind>',
  summary: 'Record that a letter queued for the post has been posted; until then the case stays open.',
  async run(args) {
    const { positionals, values, json } = parse(args, { ...by }, ['reference', 'kind']);
    const kind = letterKind(positionals[1]!);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await sendUpdate(services, positionals[0]!, letterPostedUpdate, { by: services.actor, kind }),
      ),
    );
  },
};

export const resend: Command = {
  usage: 'resend <reference> <kind> [--email <corrected address> | --post]',
  summary: 'Send a letter the mail server refused again (to a corrected address), or by post instead.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { email: { type: 'string' }, post: { type: 'boolean' }, ...by },
      ['reference', 'kind'],
    );
    if (values.post === true && values.email !== undefined) {
      throw invalidInput('--email', 'and --post cannot be given together');
    }
    const kind = letterKind(positionals[1]!);
    return withCaseServices(values.by, async (services) =>
      printStatus(
        json,
        await resendLetter(services, positionals[0]!, {
          kind,
          via: values.post === true ? 'post' : 'mail',
          ...optional('email', values.email),
        }),
      ),
    );
  },
};
