/** The transfer's start check: the policy's notice period must fit before the effective date (Buurderij art. 25 lid 2). */
import { describe, expect, it } from 'vitest';
import { addDays, amsterdamTime, isWorkingDay } from '../../lib/calendar';
import { computeDeadline } from '../../lib/deadlines';
import { loadPolicy } from '../../policies/load';
import type { Policy } from '../../policies/schema';
import { checkTransferStart } from '../../workflows/transfer-messages';

const buurderij = await loadPolicy('de-buurderij');
const withNotice = (weeks: number): Policy => ({
  ...buurderij,
  processes: {
    ...buurderij.processes,
    transfer: { ...buurderij.processes.transfer, noticeBefore: { weeks } },
  },
});
/** The objection period's last day for a notice sent on `day`, counted as the check counts it (EU 1182/71). */
const objectionEnds = (day: string, policy: Policy) =>
  computeDeadline(amsterdamTime(day, 12), policy.processes.transfer.noticeBefore, policy.holidays).dueDate;
const input = (effective: string) => ({ to: 'Stichting Zorg Samen', effective });

describe('checkTransferStart', () => {
  const now = new Date('2093-01-05T10:00:00+01:00'); // a Monday

  it('refuses an effective date too soon for the notice period, naming --effective and the earliest date', () => {
    // Four weeks from Monday 5 January end on Monday 2 February: the transfer can take effect on the 3rd.
    expect(() => checkTransferStart(input('2093-02-02'), buurderij, now)).toThrow(
      "--effective is 2093-02-02, too soon: the people must have 4 weeks to object (the policy's processes.transfer.noticeBefore), so the earliest possible date is 2093-02-03",
    );
    expect(checkTransferStart(input('2093-02-03'), buurderij, now)).toMatchObject({
      effectiveDate: '2093-02-03',
      objectBy: '2093-02-02',
      noticesDue: '2093-01-05',
    });
    // The policy's period, not a fixed one: six weeks move the earliest date with it.
    expect(() => checkTransferStart(input('2093-02-03'), withNotice(6), now)).toThrow(
      /6 weeks to object .* earliest possible date is 2093-02-17/,
    );
  });

  it('gives the last working day the notices can go out, the whole period before the effective date, past holidays', () => {
    // Every candidate checked against the rule itself, around Easter, Ascension, Whitsun and Christmas: the
    // period fits from the due day, a working day, and from no working day after it.
    for (const effective of ['2093-03-02', '2093-05-04', '2093-05-27', '2093-12-28', '2093-12-30']) {
      const { noticesDue, objectBy } = checkTransferStart(input(effective), buurderij, now);
      expect(objectBy).toBe(addDays(effective, -1));
      expect(isWorkingDay(noticesDue, buurderij.holidays), effective).toBe(true);
      expect(objectionEnds(noticesDue, buurderij) < effective, effective).toBe(true);
      for (let day = addDays(noticesDue, 1); day < effective; day = addDays(day, 1))
        expect(
          !isWorkingDay(day, buurderij.holidays) || objectionEnds(day, buurderij) >= effective,
          `${effective}: ${day}`,
        ).toBe(true);
    }
    // King's Day 2093 is Monday 27 April: four weeks from 28, 29 or 30 March end on the weekend or on it and move
    // to Tuesday the 28th, the effective date itself; so the notices must be out by Friday 27 March.
    expect(checkTransferStart(input('2093-04-28'), buurderij, now).noticesDue).toBe('2093-03-27');
  });

  it('moves a last day on a weekend or holiday back to the working day before, never later', () => {
    const december = new Date('2026-12-01T10:00:00+01:00');
    // Four weeks from Friday 1 January 2027 end on Friday the 29th, before Monday 1 February; from the weekend after
    // they would end on the weekend and move to the 1st. The 1st is New Year's Day: the notices must be out on
    // Thursday 31 December.
    expect(checkTransferStart(input('2027-02-01'), buurderij, december).noticesDue).toBe('2026-12-31');
    // For Monday 25 January: four weeks from the 26th, 27th or 28th of December end on the 25th (past the
    // weekend), from Christmas Day on Friday the 22nd: the notices must be out on Thursday 24 December.
    expect(checkTransferStart(input('2027-01-25'), buurderij, december).noticesDue).toBe('2026-12-24');
    // Started on Christmas Day for the earliest date (Saturday 23 January: four weeks from Saturday the 26th would
    // move to Monday): the notices go out that very day, still in time; the day before has passed.
    const christmas = new Date('2026-12-25T10:00:00+01:00');
    const earliest = addDays(objectionEnds('2026-12-25', buurderij), 1);
    expect(earliest).toBe('2027-01-23');
    expect(checkTransferStart(input(earliest), buurderij, christmas).noticesDue).toBe('2026-12-25');
  });

  it('names every missing or malformed field', () => {
    expect(() => checkTransferStart({ effective: '1 maart' }, buurderij, now)).toThrow(/--to/);
    expect(() => checkTransferStart(input('1 maart'), buurderij, now)).toThrow(
      "--effective must be a date such as 2027-03-01, got '1 maart'",
    );
    expect(() => checkTransferStart(input('2093-02-30'), buurderij, now)).toThrow(/--effective/);
  });
});
