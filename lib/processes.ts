/** The legal processes of SPEC "The processes", one Temporal workflow each. */
export const PROCESSES = [
  'access', // inzageverzoek
  'rectification', // correctie, aanvulling, afscherming
  'erasure', // verwijdering, vernietiging
  'objection', // verzet
  'breach', // datalek
  'applicant', // sollicitatiegegevens
  'retention', // bewaartermijnen
  'intake', // informatie bij aanvang
  'transfer', // overdracht van de verwerking
] as const;
export type Process = (typeof PROCESSES)[number];

/** The workflow type that runs each process's cases (workflow id = case reference); more as processes land. */
export const WORKFLOW_TYPES: Partial<Record<Process, string>> = {
  access: 'accessRequest',
};
