import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and ends each row with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          ['line\nbreak', null],
        ],
      ),
    ).toBe('a,b\r\n"x, y","say ""hi"""\r\n"line\nbreak",\r\n');
  });

  it('never lets a cell start a spreadsheet formula', () => {
    expect(toCsv(['v'], [['=HYPERLINK("x")'], ['-1+2'], ['@SUM(A1)']])).toBe(
      'v\r\n"\'=HYPERLINK(""x"")"\r\n\'-1+2\r\n\'@SUM(A1)\r\n',
    );
  });

  it('writes objects as JSON and numbers as they are', () => {
    expect(toCsv(['d', 'n'], [[{ tp_code: '1211' }, 3.5]])).toBe('d,n\r\n"{""tp_code"":""1211""}",3.5\r\n');
  });
});
