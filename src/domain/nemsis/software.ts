import pkg from '../../../package.json' with { type: 'json' };

/** eRecord.02-.04: the software that wrote a NEMSIS record. */
export const RIGSIDE_SOFTWARE = { creator: 'Rigside', name: 'Rigside', version: pkg.version } as const;
