import { newBusinessNo } from './business-no';

describe('newBusinessNo', () => {
  it('is 23 digits, starting with the Asia/Shanghai time', () => {
    const no = newBusinessNo(new Date('2026-11-22T15:30:25.123Z')); // 23:30:25.123 in Shanghai
    expect(no).toMatch(/^\d{23}$/);
    expect(no.slice(0, 15)).toBe('261122233025123');
  });

  it('sorts by time and differs within one millisecond', () => {
    const t = new Date('2026-12-31T16:00:00.000Z'); // new year in Shanghai
    const a = newBusinessNo(new Date(t.getTime() - 1));
    const b = newBusinessNo(t);
    expect(a < b).toBe(true);
    expect(b.startsWith('270101000000000')).toBe(true);
    const same = new Set(Array.from({ length: 1000 }, () => newBusinessNo(t)));
    expect(same.size).toBeGreaterThan(990);
  });
});
