import type { Knex } from 'knex';
import * as cases from './0001_cases';
import * as audit from './0002_audit';
import * as letters from './0003_letters';
import * as auditKeys from './0004_audit_keys';
import * as caseLifecycle from './0005_case_lifecycle';
import * as partiesTasks from './0006_parties_tasks';
import * as breachPeople from './0007_breach_people';
import * as destructions from './0008_destructions';
import * as deviations from './0009_deviations';
import * as casePeople from './0010_case_people';
import * as duties from './0011_duties';
import * as desk from './0012_desk';
import * as caseList from './0013_case_list';
import * as caseFiles from './0014_case_files';

export const migrations: Record<string, Knex.Migration> = {
  '0001_cases': cases,
  '0002_audit': audit,
  '0003_letters': letters,
  '0004_audit_keys': auditKeys,
  '0005_case_lifecycle': caseLifecycle,
  '0006_parties_tasks': partiesTasks,
  '0007_breach_people': breachPeople,
  '0008_destructions': destructions,
  '0009_deviations': deviations,
  '0010_case_people': casePeople,
  '0011_duties': duties,
  '0012_desk': desk,
  '0013_case_list': caseList,
  '0014_case_files': caseFiles,
};
