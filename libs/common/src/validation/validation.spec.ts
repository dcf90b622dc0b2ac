import { IsInt, Min, validate } from 'class-validator';
import { memoizeValidationRules } from './validation';

describe('memoizeValidationRules', () => {
  beforeAll(() => memoizeValidationRules());

  it("keeps a class's rules, and forgets them when a rule is added (to the class or an ancestor)", async () => {
    class Parent {
      @IsInt()
      a!: unknown;

      c?: unknown;
    }
    class Child extends Parent {
      @Min(5)
      b!: unknown;
    }
    const child = () => Object.assign(new Child(), { a: 'x', b: 1, c: 'y' });
    expect((await validate(child())).map((e) => e.property).sort()).toEqual(['a', 'b']);
    expect((await validate(child())).map((e) => e.property).sort()).toEqual(['a', 'b']);

    // A rule decorated onto the parent after the child's rules were looked up (and kept).
    IsInt()(Parent.prototype, 'c');
    expect((await validate(child())).map((e) => e.property).sort()).toEqual(['a', 'b', 'c']);
    expect((await validate(Object.assign(new Parent(), { a: 1, c: 'y' }))).map((e) => e.property)).toEqual(['c']);
  });
});
