/** A day the policy adds to the legal Dutch public holidays (Algemene termijnenwet art. 3(2)). */
export type ExtraHoliday = 'good-friday' | { readonly date: string; readonly name: string };
