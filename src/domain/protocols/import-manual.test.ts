import { describe, expect, it } from 'vitest';
import { chunkDocument, MAX_CHUNK_WORDS } from './import-manual';

const page = (title: string, code: string, body: string) => `DEPARTMENT OF HEALTH SERVICES
COUNTY OF LOS ANGELES

Treatment Protocol: ${title} Ref. No. ${code}

REVISED: 07-01-25 PAGE 1 OF 1

${body}
`;

describe('chunkDocument', () => {
  it('reads the code and name from the page header and drops the page furniture', () => {
    const result = chunkDocument(
      '1040388_1211CardiacChestPain.md',
      page(
        'CARDIAC CHEST PAIN',
        '1211',
        '1. Give aspirin 325 mg chewed.\n\nSPECIAL CONSIDERATIONS\n\nNitro is held if SBP is low.',
      ),
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          tp_code: '1211',
          tp_name: 'Cardiac Chest Pain',
          heading: 'Overview',
          text: '1. Give aspirin 325 mg chewed.',
          source: '1040388_1211CardiacChestPain.md',
        },
        {
          tp_code: '1211',
          tp_name: 'Cardiac Chest Pain',
          heading: 'Special Considerations',
          text: 'Nitro is held if SBP is low.',
          source: '1040388_1211CardiacChestPain.md',
        },
      ],
    });
  });

  it('splits a compiled manual at each page header that names another protocol, but not at a cross-reference', () => {
    const manual =
      page('SEIZURE', '1231', 'Treat per Ref. No. 834 when restraint is needed.') +
      page('SEIZURE', '1231-P', 'Midazolam per MCG 1309.');
    const result = chunkDocument('manual.md', manual);
    expect(result.ok && result.value.map((c) => [c.tp_code, c.text])).toEqual([
      ['1231', 'Treat per Ref. No. 834 when restraint is needed.'],
      ['1231-P', 'Midazolam per MCG 1309.'],
    ]);
  });

  it('falls back to the code and name in the file name when the text has no header', () => {
    const result = chunkDocument('1040595_1315-CPAP.md', 'CPAP helps the patient in respiratory distress.');
    expect(result.ok && result.value[0]).toMatchObject({ tp_code: '1315', tp_name: 'CPAP' });
  });

  it('splits long sections into chunks at paragraph boundaries', () => {
    const paragraph = Array.from({ length: MAX_CHUNK_WORDS }, (_, i) => `word${i}`).join(' ');
    const result = chunkDocument('1201.md', page('ASSESSMENT', '1201', `${paragraph}\n\n${paragraph}\n\nshort tail`));
    expect(result.ok && result.value.length).toBe(3);
  });

  it.each([
    ['empty.md', '   \n', /empty/],
    ['notes.md', 'Some text with no protocol code at all.', /no protocol code found/],
    [
      '1147079_ChangeLog1210CardiacArrest.md',
      page('CARDIAC ARREST', '1210', 'CHANGE LOG\n\n04/01/2023 Revision'),
      /change log/,
    ],
    ['1211.md', 'abc\u0000def', /binary/],
  ])('refuses %s and says why', (file, text, reason) => {
    const result = chunkDocument(file, text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('DOCUMENT_UNREADABLE');
      expect(result.error.message).toMatch(reason);
      expect(result.error.message.startsWith(file)).toBe(true);
    }
  });
});
