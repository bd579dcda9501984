/** The desk writes a record's fields as the CLI does: moments in Amsterdam time, nested values below their label. */
import { describe, expect, it } from 'vitest';
import { fieldList } from '../../desk/render';

describe('fieldList', () => {
  it('writes moments, periods, yes/no and nested values as the CLI does, never as JSON', () => {
    expect(
      fieldList({
        procedureEndedAt: '2026-11-26T23:00:00.000Z',
        hired: false,
        extendBy: { months: 2 },
        dataOwner: { name: 'Beheerder sollicitaties', email: 'hr@debuurderij.example' },
        by: 'fg',
      }),
    ).toEqual([
      { label: 'procedure ended at', value: '27-11-2026 00:00' },
      { label: 'hired', value: 'no' },
      { label: 'extend by', value: '2 months' },
      { label: 'data owner', value: 'name: Beheerder sollicitaties\nemail: hr@debuurderij.example' },
    ]);
  });
});
