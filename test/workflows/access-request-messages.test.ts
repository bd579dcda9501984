/** The validators of the officer's updates, on their own: the rules a running case enforces. */
import { describe, expect, it } from 'vitest';
import {
  validateApproval,
  validateDecision,
  validateExtension,
  validateIdentity,
  type AccessState,
} from '../../workflows/access-request-messages';

const state = (changes: Partial<AccessState> = {}): AccessState => ({
  stage: 'deciding',
  fourEyes: false,
  thirdPartyViewsRequired: false,
  maxExtension: { months: 2 },
  extension: null,
  identity: { by: 'fg', verified: true, method: 'paspoort' },
  thirdPartyViews: null,
  decision: null,
  approval: null,
  history: [],
  ...changes,
});
const dueAt = new Date('2026-12-21T22:59:59.999Z');
const before = new Date('2026-12-01T10:00:00Z');
const elements = { purposes: ['zorg'], categories: ['dossier'], recipients: [], retention: '20 jaar' };

describe('access request validators', () => {
  it('wants four eyes to be two people', () => {
    const decision = { by: 'anna', outcome: 'no-data' as const };
    const awaiting = state({ stage: 'awaiting-approval', fourEyes: true, decision });
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
      /at least a day/,
    );
    expect(() => validateExtension(state(), { ...ok, reasons: ' ' }, dueAt, before)).toThrow(
      /reasons must not be empty/,
    );
    const after = new Date(dueAt.getTime() + 1);
    expect(() => validateExtension(state(), ok, dueAt, after)).toThrow(/has passed/);
    const extended = state({ extension: { ...ok, previousDueAt: dueAt.toISOString() } });
    expect(() => validateExtension(extended, ok, dueAt, before)).toThrow(/already been extended once/);
  });

  it('needs reasons for withholding, and the art. 15 information and the copy for disclosing', () => {
    expect(() => validateDecision(state(), { by: 'fg', outcome: 'refused' })).toThrow(
      /reasons must not be empty/,
    );
    expect(() =>
      validateDecision(state(), { by: 'fg', outcome: 'partial', elements, copyDocumentId: 1 }),
    ).toThrow(/reasons must not be empty/);
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
    expect(() => validateDecision(state({ stage: 'closed' }), { by: 'fg', outcome: 'no-data' })).toThrow(
      /already been sent/,
    );
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
