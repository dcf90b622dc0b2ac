import { addDays, bucketEnd, bucketStart, BusinessCalendar, daysBetween, dayText, parseDay } from './business-calendar';

describe('business calendar', () => {
  it('puts instants on Shanghai days: midnight is 16:00 UTC the day before', () => {
    const cal = new BusinessCalendar('Asia/Shanghai');
    expect(cal.dayOf(new Date('2026-11-29T15:59:59.999Z'))).toBe(20261129);
    expect(cal.dayOf(new Date('2026-11-29T16:00:00.000Z'))).toBe(20261130);
    expect(cal.rangeOf(20261130).map((d) => d.toISOString())).toEqual(['2026-11-29T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
  });

  it('follows daylight saving: days of 23 and 25 hours in New York', () => {
    const cal = new BusinessCalendar('America/New_York');
    const hours = (day: number): number => {
      const [a, b] = cal.rangeOf(day);
      return (b.getTime() - a.getTime()) / 3_600_000;
    };
    expect(hours(20260308)).toBe(23);
    expect(hours(20261101)).toBe(25);
    expect(hours(20261130)).toBe(24);
    expect(cal.startOf(20261101).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(cal.dayOf(new Date('2026-11-02T04:59:59Z'))).toBe(20261101);
  });

  it('does calendar arithmetic on days', () => {
    expect(addDays(20261231, 1)).toBe(20270101);
    expect(addDays(20240301, -1)).toBe(20240229);
    expect(daysBetween(20260101, 20270101)).toBe(365);
    expect(bucketStart(20261129, 'week')).toBe(20261123); // a Sunday's Monday
    expect(bucketStart(20261130, 'week')).toBe(20261130);
    expect(bucketStart(20261130, 'month')).toBe(20261101);
    expect(bucketEnd(20261201, 'month')).toBe(20270101);
    expect(dayText(20260105)).toBe('2026-01-05');
    expect([parseDay('2026-02-29'), parseDay('2028-02-29'), parseDay('2026-1-5')]).toEqual([undefined, 20280229, undefined]);
  });
});
