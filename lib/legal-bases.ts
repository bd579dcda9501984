/**
 * Art. 6(1)(a–f): the lawful bases of processing, by the names the register of processing activities (the policy)
 * and `objection decide --basis` use. Pure: workflows and the policy schema read it alike.
 */
export const LEGAL_BASES = [
  'consent', // (a); an objection to it is a withdrawal, art. 7(3)
  'contract', // (b)
  'legal-obligation', // (c)
  'vital-interests', // (d)
  'public-task', // (e)
  'legitimate-interests', // (f)
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
