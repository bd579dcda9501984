/** Every command prints either one JSON object (`--json`, for machines) or readable lines (for people). */
export function output(json: boolean, value: object, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const time = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Monday 2 March 2026, 10:00" in Europe/Amsterdam time. */
export function formatMoment(instant: Date): string {
  return `${longDate.format(instant).replace(',', '')}, ${time.format(instant)}`;
}

/** "Monday 2 March 2026" for a calendar date. */
export function formatDate(date: string): string {
  return longDate.format(new Date(`${date}T12:00:00Z`)).replace(',', '');
}
