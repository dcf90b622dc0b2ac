import { haversineMeters } from './geo';

describe('haversineMeters', () => {
  it('is zero for the same point', () => {
    expect(haversineMeters(22.54, 114.05, 22.54, 114.05)).toBe(0);
  });

  it('measures Shenzhen Futian to Guangzhou Tianhe at about 99.5 km', () => {
    const d = haversineMeters(22.5431, 114.0579, 23.1291, 113.3245);
    expect(d).toBeGreaterThan(99_000);
    expect(d).toBeLessThan(100_000);
  });

  it('is symmetric and handles the antimeridian', () => {
    expect(haversineMeters(0, 179.5, 0, -179.5)).toBe(haversineMeters(0, -179.5, 0, 179.5));
    expect(haversineMeters(0, 179.5, 0, -179.5)).toBeLessThan(112_000);
  });

  it('gives half the circumference between antipodes', () => {
    expect(haversineMeters(90, 0, -90, 0)).toBe(Math.round(Math.PI * 6_371_008.8));
  });
});
