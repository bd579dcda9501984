/**
 * The validators of the officer's updates, on their own: the rules a running case enforces. The kit's
 * (identity, approval, extension) are every process's; the decision is the access request's own.
 */
import { describe, expect, it } from 'vitest';
import type { Duration } from '../../lib/durations';
import { validateDecision, type AccessState } from '../../workflows/access-request-messages';
import {
  validateApproval as kitApproval,
  validateExtension as kitExtension,
  validateIdentity as kitIdentity,
  type Approval,
  type Decided,
  type ExtensionRequest,
  type IdentityVerification,
} from '../../workflows/case/updates';

interface State extends AccessState {
  decision: Decided | null;
  extension: (ExtensionRequest & { previousDueAt: string }) | null;
  maxExtension: Duration;
}
const state = (changes: Partial<State> = {}): State => ({
  stage: 'deciding',
  maxExtension: { months: 2 },
  extension: null,
  identity: { by: 'fg', verified: true, method: 'paspoort' },
  thirdPartyViews: null,
  decision: null,
  ...changes,
});
const validateApproval = (s: State, input: Approval) =>
  kitApproval(s.decision, s.stage === 'awaiting-approval', input);
const validateExtension = (s: State, input: ExtensionRequest, dueAt: Date, now: Date) =>
  kitExtension({ extended: s.extension !== null, maxExtension: s.maxExtension }, input, dueAt, now);
const validateIdentity = (s: State, input: IdentityVerification) => kitIdentity(s.identity, input);
const dueAt = new Date('2026-12-21T22:59:59.999Z');
const before = new Date('2026-12-01T10:00:00Z');
const elements = {
  purposes: ['zorg'],
  categories: ['dossier'],
  recipients: [],
  retention: '20 jaar',
  source: 'uw huisarts',
};

describe('access request validators', () => {
  it('wants four eyes to be two people', () => {
    const decision = { by: 'anna', outcome: 'no-data' as const };
    const awaiting = state({ stage: 'awaiting-approval', decision });
    expect(() => validateApproval(awaiting, { by: 'anna', approved: true })).toThrow(
      /the one who decided cannot approve/,
    );
    expect(() => validateApproval(awaiting, { by: 'bert', approved: true })).not.toThrow();
    expect(() => validateApproval(state(), { by: 'bert', approved: true })).toThrow(
      /no decision is awaiting/,
    );
  });

  it('allows one extension of at most two months, with reasons, before the deadline', () => {
    const ok = { by: 'fg', extendBy: { months: 2 }, reasons: 'omvangrijk dossier' };
    expect(() => validateExtension(state(), ok, dueAt, before)).not.toThrow();
    expect(() => validateExtension(state(), { ...ok, extendBy: { months: 3 } }, dueAt, before)).toThrow(
      /at most 2 months/,
    );
    expect(() => validateExtension(state(), { ...ok, extendBy: { weeks: 9 } }, dueAt, before)).toThrow(
      /at most 2 months/,
    );
    expect(() => validateExtension(state(), { ...ok, extendBy: { hours: 5 } }, dueAt, before)).toThrow(
      /a period of days, weeks or months/,
    );
    // Far too long to count: refused in one sentence, not by a calendar that overflows.
    expect(() => validateExtension(state(), { ...ok, extendBy: { days: 3_000_000 } }, dueAt, before)).toThrow(
      /^extend-by must be a period of days, weeks or months, at most 2 months/,
    );
    expect(() => validateExtension(state(), { ...ok, reasons: ' ' }, dueAt, before)).toThrow(
      /reasons must not be empty/,
    );
    const after = new Date(dueAt.getTime() + 1);
    expect(() => validateExtension(state(), ok, dueAt, after)).toThrow(/has passed/);
    const extended = state({ extension: { ...ok, previousDueAt: dueAt.toISOString() } });
    expect(() => validateExtension(extended, ok, dueAt, before)).toThrow(/already been extended once/);
  });

  it('needs reasons and their legal ground for withholding, and the art. 15 information and the copy for disclosing', () => {
    expect(() => validateDecision(state(), { by: 'fg', outcome: 'refused' })).toThrow(
      /reasons must not be empty/,
    );
    expect(() => validateDecision(state(), { by: 'fg', outcome: 'refused', reasons: 'zie dossier' })).toThrow(
      /grounds must name the legal ground/,
    );
    expect(() =>
      validateDecision(state(), { by: 'fg', outcome: 'refused', reasons: 'x', grounds: ['art-23' as never] }),
    ).toThrow(/grounds must be among rights-of-others, privacy-of-another, protection, manifestly-unfounded/);
    const partial = { by: 'fg', outcome: 'partial' as const, elements, copyDocumentId: 1, reasons: 'x' };
    expect(() => validateDecision(state(), { ...partial, grounds: ['manifestly-unfounded'] })).toThrow(
      /refuses a request as a whole, not in part/,
    );
    expect(() => validateDecision(state(), { ...partial, grounds: ['rights-of-others'] })).not.toThrow();
    expect(() =>
      validateDecision(state(), { by: 'fg', outcome: 'partial', elements, copyDocumentId: 1 }),
    ).toThrow(/reasons must not be empty/);
    // Art. 15(1)(g): the source is stated, never assumed; 15(2): transfers name their safeguards.
    const full = { by: 'fg', outcome: 'full' as const, copyDocumentId: 1 };
    expect(() => validateDecision(state(), { ...full, elements: { ...elements, source: '' } })).toThrow(
      /elements.source must not be empty/,
    );
    expect(() =>
      validateDecision(state(), { ...full, elements: { ...elements, thirdCountries: 'Verenigde Staten' } }),
    ).toThrow(/elements.transferSafeguards must not be empty/);
    expect(() =>
      validateDecision(state(), { ...full, elements: { ...elements, sourse: 'typo' } as never }),
    ).toThrow(/elements.sourse is not a field/);
    expect(() => validateDecision(state(), { by: 'fg', outcome: 'full', copyDocumentId: 1 })).toThrow(
      /elements must give the art. 15\(1\) information/,
    );
    expect(() => validateDecision(state(), { by: 'fg', outcome: 'full', elements })).toThrow(
      /copy must be given/,
    );
    expect(() =>
      validateDecision(state(), {
        by: 'fg',
        outcome: 'full',
        elements: { ...elements, purposes: [] },
        copyDocumentId: 1,
      }),
    ).toThrow(/elements.purposes must list at least one item/);
    expect(() =>
      validateDecision(state(), { by: 'fg', outcome: 'full', elements, copyDocumentId: 1 }),
    ).not.toThrow();
    expect(() => validateDecision(state(), { by: 'fg', outcome: 'no-data', copyDocumentId: 1 })).toThrow(
      /must not be given when the outcome is no-data/,
    );
  });

  it("records the officer's weighing when the answer touches other people's data, whatever their consent", () => {
    const withOthers = state({
      identity: { by: 'fg', verified: true, method: 'paspoort', thirdPartyData: true },
    });
    const full = { by: 'fg', outcome: 'full' as const, elements, copyDocumentId: 1 };
    expect(() => validateDecision(withOthers, full)).toThrow(/thirdParties.weighing must record/);
    expect(() =>
      validateDecision(withOthers, {
        ...full,
        thirdParties: { weighing: 'Belang van verzoeker weegt zwaarder.' },
      }),
    ).not.toThrow();
    const partial = {
      ...full,
      outcome: 'partial' as const,
      reasons: 'x',
      grounds: ['privacy-of-another' as const],
      thirdParties: { weighing: 'Privacy van de broer weegt zwaarder.' },
    };
    expect(() => validateDecision(withOthers, partial)).toThrow(/thirdParties.redacted must not be empty/);
    expect(() =>
      validateDecision(withOthers, {
        ...partial,
        thirdParties: { ...partial.thirdParties, redacted: 'naam broer' },
      }),
    ).not.toThrow();
  });

  it('refuses actors and texts that would forge or hide an entry', () => {
    const decision = { outcome: 'no-data' as const };
    expect(() =>
      validateDecision(state(), { ...decision, by: 'fg\n2026-11-30 case.closed (system)' }),
    ).toThrow(/^by must be one line$/);
    expect(() => validateDecision(state(), { ...decision, by: 'f\u202eg' })).toThrow(
      /^by must not hold invisible or control characters \(found U\+202E\)$/,
    );
    expect(() => validateDecision(state(), { ...decision, by: 'x'.repeat(101) })).toThrow(
      /^by must be at most 100 characters, got 101$/,
    );
    // Characters as a person counts them: 100 emoji are 100 characters, not 200 UTF-16 units.
    expect(() => validateDecision(state(), { ...decision, by: '😀'.repeat(100) })).not.toThrow();
  });

  it('sends a decision back only with reasons', () => {
    const awaiting = state({ stage: 'awaiting-approval', decision: { by: 'anna' } });
    expect(() => validateApproval(awaiting, { by: 'bert', approved: false })).toThrow(
      /reasons must not be empty/,
    );
    expect(() =>
      validateApproval(awaiting, { by: 'bert', approved: false, reasons: 'Grond ontbreekt.' }),
    ).not.toThrow();
  });

  it('verifies identity once, and asks for something specific when it cannot', () => {
    const verifying = state({ stage: 'verifying-identity', identity: null });
    expect(() => validateIdentity(verifying, { by: 'fg', verified: false, missing: '' })).toThrow(
      /missing must not be empty/,
    );
    expect(() => validateIdentity(state(), { by: 'fg', verified: true, method: 'paspoort' })).toThrow(
      /already been verified/,
    );
  });
});
