import { IsInt, Min, validateSync } from 'class-validator';
import { memoizeValidationRules } from './validation';

describe('memoizeValidationRules', () => {
  it("answers class-validator's rule lookups from memory, and follows rules added afterwards", () => {
    memoizeValidationRules();
    memoizeValidationRules(); // once per process, whatever the number of apps
    class Base {
      @IsInt()
      n!: number;
    }
    class Child extends Base {}
    const child = Object.assign(new Child(), { n: 'x' });
    expect(validateSync(child).map((e) => e.property)).toEqual(['n']);
    expect(validateSync(Object.assign(new Child(), { n: -1 }))).toEqual([]);
    // A rule added later (as mapped types and late-loaded modules do) is seen at once.
    Min(0)(Base.prototype, 'n');
    expect(validateSync(Object.assign(new Child(), { n: -1 })).map((e) => Object.keys(e.constraints ?? {}))).toEqual([['min']]);
  });
});
