/**
 * Provider impressions offered as one-tap picks on the empty search screen: the complaints a
 * 911 system meets most. Each opens the impression's adult or pediatric protocol.
 */
export const QUICK_PICK_IMPRESSIONS = [
  'CPSC', // chest pain, suspected cardiac
  'SOBB', // respiratory distress, bronchospasm
  'ALOC',
  'SEAC', // active seizure
  'SYNC',
  'ODPO', // overdose / poisoning
  'HYPO',
  'STRK',
  'ANPH',
  'TRMA',
  'CANT', // cardiac arrest
  'PSYC',
] as const;
