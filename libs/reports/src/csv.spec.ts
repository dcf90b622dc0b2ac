import { BOM, csvCell, csvLine, csvText, maskedOpenid, maskedPhone, yuan } from './csv';

describe('csv', () => {
  it('quotes what needs quoting and guards formula injection', () => {
    expect(csvCell('plain 文本')).toBe('plain 文本');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      const cell = csvCell(evil);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(-150)).toBe('-150');
    expect([csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['', '', '']);
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('starts with the BOM and the header, then a string per batch', async () => {
    async function* batches(): AsyncGenerator<(string | number)[][]> {
      yield [['x', 1]];
      yield [];
      yield [
        ['y', 2],
        ['z', 3],
      ];
    }
    const parts: string[] = [];
    for await (const p of csvText(['名', 'n'], batches())) parts.push(p);
    expect(parts).toEqual([`${BOM}名,n\r\n`, 'x,1\r\n', 'y,2\r\nz,3\r\n']);
  });

  it('writes yuan with two decimals and masks phones and openids', () => {
    expect([yuan(0), yuan(5), yuan(9900), yuan(123456), yuan(-150), yuan(null)]).toEqual(['0.00', '0.05', '99.00', '1234.56', '-1.50', '']);
    expect([maskedPhone('13800138000', false), maskedPhone('13800138000', true), maskedPhone(null, false)]).toEqual([
      '138****8000',
      '13800138000',
      '',
    ]);
    expect(maskedOpenid('oAbCdEfGhIjKlMn')).toBe('oAbC****KlMn');
  });
});
