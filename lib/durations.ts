/**
 * A legal period as the regulations write it: "binnen vier weken", "72 uur", "3 jaar". Exactly one unit, because
 * EU Regulation 1182/71 counts hours, days, weeks, months and years each by a rule of its own.
 */
import { invalidInput } from './errors';

export type DurationUnit = 'hours' | 'days' | 'weeks' | 'months' | 'years';
export type Duration = { readonly [U in DurationUnit]?: number };

export const DURATION_UNITS: readonly DurationUnit[] = ['hours', 'days', 'weeks', 'months', 'years'];

/** The single unit and amount of a duration; throws when there is not exactly one positive whole amount. */
export function durationParts(duration: Duration): { unit: DurationUnit; amount: number } {
  const parts = DURATION_UNITS.filter((unit) => duration[unit] !== undefined);
  const unit = parts[0];
  const amount = unit === undefined ? undefined : duration[unit];
  if (
    parts.length !== 1 ||
    unit === undefined ||
    amount === undefined ||
    !Number.isInteger(amount) ||
    amount < 0
  ) {
    throw new RangeError(
      `A duration needs exactly one whole, non-negative amount, got ${JSON.stringify(duration)}`,
    );
  }
  return { unit, amount };
}

const NAMES: Record<'nl' | 'en', Record<DurationUnit, [one: string, many: string]>> = {
  nl: {
    hours: ['uur', 'uur'],
    days: ['dag', 'dagen'],
    weeks: ['week', 'weken'],
    months: ['maand', 'maanden'],
    years: ['jaar', 'jaar'],
  },
  en: {
    hours: ['hour', 'hours'],
    days: ['day', 'days'],
    weeks: ['week', 'weeks'],
    months: ['month', 'months'],
    years: ['year', 'years'],
  },
};

/** "4 weken", "1 maand", "72 uur"; in English "4 weeks", "1 month", "72 hours". */
export function formatDuration(duration: Duration, locale: 'nl' | 'en' = 'nl'): string {
  const { unit, amount } = durationParts(duration);
  const [one, many] = NAMES[locale][unit];
  return `${amount} ${amount === 1 ? one : many}`;
}

/** Every name a unit goes by, Dutch and English, one and many, and the short forms people type (7d, 72h). */
const UNIT_NAMES: Record<string, DurationUnit> = {
  ...Object.fromEntries(
    Object.values(NAMES).flatMap((names) =>
      DURATION_UNITS.flatMap((unit) => names[unit].map((name) => [name, unit])),
    ),
  ),
  uren: 'hours',
  jaren: 'years',
  h: 'hours',
  u: 'hours',
  d: 'days',
  w: 'weeks',
};

/** "2 maanden", "4 weeks", "72 uur", "7d": one whole amount and one unit, in Dutch or English. */
export function parseDuration(field: string, text: string): Duration {
  const match = /^(\d{1,4})\s*([a-z]+)$/i.exec(text.trim());
  const unit = match ? UNIT_NAMES[match[2]!.toLowerCase()] : undefined;
  if (!match || !unit) {
    throw invalidInput(field, `must be a period such as '2 maanden', '4 weeks' or '72 uur', got '${text}'`);
  }
  return { [unit]: Number(match[1]) };
}
