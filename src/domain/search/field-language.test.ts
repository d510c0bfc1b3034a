import { describe, expect, it } from 'vitest';
import { referenceSources } from '../../../tests/unit/reference-sources';
import { codeDigits } from './codes';
import { FIELD_LANGUAGE, IMPRESSION_LANGUAGE } from './field-language';
import { terms } from './text';

const { provider_impressions, protocols } = referenceSources();

describe('field language covers the dataset', () => {
  it('has one entry for each of the provider impressions, leading where the impression leads', () => {
    expect(IMPRESSION_LANGUAGE).toHaveLength(provider_impressions.length);
    for (const pi of provider_impressions) {
      const entry = IMPRESSION_LANGUAGE.find((e) => e.impression === pi.code && e.label === pi.name);
      if (!entry) throw new Error(`no field language for ${pi.code} ${pi.name}`);
      expect(entry.protocol).toBe(codeDigits(pi.adult_tp ?? pi.pediatric_tp!));
      expect(entry.phrases.length + (entry.general?.length ?? 0), pi.name).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives every protocol in the dataset some field language', () => {
    const covered = new Set(FIELD_LANGUAGE.map((e) => codeDigits(e.protocol)));
    for (const p of protocols) expect(covered, p.tp_code).toContain(codeDigits(p.tp_code));
  });

  it('names only protocols that exist', () => {
    const known = new Set(protocols.flatMap((p) => [p.tp_code, codeDigits(p.tp_code)]));
    for (const e of FIELD_LANGUAGE) expect(known, e.label).toContain(e.protocol);
  });

  it('has no phrase that the normaliser reduces to nothing', () => {
    for (const e of FIELD_LANGUAGE)
      for (const p of e.phrases) expect(terms(p).length, `${e.label}: "${p}"`).toBeGreaterThan(0);
  });
});
