import type { MedicationRecord } from '../formulary-schema';
import { acetaminophen } from './acetaminophen';
import { adenosine } from './adenosine';
import { albuterol } from './albuterol';
import { amiodarone } from './amiodarone';
import { aspirin } from './aspirin';
import { atropine } from './atropine';
import { calciumChloride } from './calcium-chloride';
import { dextrose } from './dextrose';
import { diazepam } from './diazepam';
import { diphenhydramine } from './diphenhydramine';
import { epinephrine } from './epinephrine';
import { fentanyl } from './fentanyl';
import { glucagon } from './glucagon';
import { hydroxocobalamin } from './hydroxocobalamin';
import { ketorolac } from './ketorolac';
import { lidocaine } from './lidocaine';
import { midazolam } from './midazolam';
import { morphine } from './morphine';
import { naloxone } from './naloxone';
import { nitroglycerin } from './nitroglycerin';
import { normalSaline } from './normal-saline';
import { olanzapine } from './olanzapine';
import { ondansetron } from './ondansetron';
import { oralGlucose } from './oral-glucose';
import { oxygen } from './oxygen';
import { pralidoxime } from './pralidoxime';
import { sodiumBicarbonate } from './sodium-bicarbonate';
import { tranexamicAcid } from './tranexamic-acid';

/**
 * The formulary's version: bumps whenever a rule changes, and is recorded with every
 * calculation. Dates are the reference documents' revisions.
 */
export const FORMULARY_VERSION = 'lac-mcg1309-2025-07-01+mcg1317-2025-07-03.1';

/** Every medication, alphabetical by id. One file per medication, each checkable against its Drug Reference page. */
export const FORMULARY: readonly MedicationRecord[] = [
  acetaminophen,
  adenosine,
  albuterol,
  amiodarone,
  aspirin,
  atropine,
  calciumChloride,
  dextrose,
  diazepam,
  diphenhydramine,
  epinephrine,
  fentanyl,
  glucagon,
  hydroxocobalamin,
  ketorolac,
  lidocaine,
  midazolam,
  morphine,
  naloxone,
  nitroglycerin,
  normalSaline,
  olanzapine,
  ondansetron,
  oralGlucose,
  oxygen,
  pralidoxime,
  sodiumBicarbonate,
  tranexamicAcid,
];
