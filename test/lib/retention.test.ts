/**
 * When a retention period ends: from its event, from the end of that year for fiscal records and ID copies, at the
 * event for a category without a fixed period, and never before the law's minimum however short the policy's.
 */
import { describe, expect, it } from 'vitest';
import { retentionDeadline } from '../../lib/retention';
import { loadPolicy } from '../../policies/load';

const buurderij = await loadPolicy('de-buurderij', `${import.meta.dirname}/../../policies`);
const due = (category: string, event: string) => {
  const deadline = retentionDeadline(buurderij.retention[category]!, new Date(event), buurderij.holidays);
  return { dueDate: deadline.dueDate, law: deadline.law };
};

describe('retention periods', () => {
  it("keeps a WGBO file the law's 20 years where the regulation still says 15, and names the law", () => {
    expect(buurderij.retention['medical-record']!.period).toEqual({ years: 15 });
    expect(due('medical-record', '2026-11-30T10:00:00+01:00')).toEqual({
      dueDate: '2046-11-30',
      law: 'WGBO art. 7:454 lid 3 BW (20 jaar sinds 1 januari 2020)',
    });
  });

  it("counts an ID copy's 5 years from the end of the year of leaving, and fiscal records' 7 from the year's end", () => {
    // 31 December 2031 is a Wednesday; 31 December 2033 a Saturday, so the period ends on Monday 2 January 2034.
    expect(due('staff-id-copy', '2026-05-10T12:00:00+02:00').dueDate).toBe('2031-12-31');
    expect(due('financial-administration', '2026-03-01T12:00:00+01:00').dueDate).toBe('2034-01-02');
  });

  it('ends a period of days at the end of its day, past a weekend, and reviews a category without one at its event', () => {
    // A memory aid goes once written up: the day itself, a Saturday here, so the next Monday.
    expect(due('video-memory-aid', '2026-11-28T15:00:00+01:00').dueDate).toBe('2026-11-30');
    expect(due('other-client-data', '2026-11-28T15:00:00+01:00')).toEqual({
      dueDate: '2026-11-28',
      law: undefined,
    });
    expect(due('staff', '2025-01-31T12:00:00+01:00').dueDate).toBe('2027-02-01');
  });
});
