import { ADMIN_ROLES, roleAllows } from './roles';

describe('roleAllows', () => {
  it('orders owner > operator > viewer', () => {
    const table = ADMIN_ROLES.map((actual) => ADMIN_ROLES.map((required) => roleAllows(actual, required)));
    // rows: owner, operator, viewer; columns: owner, operator, viewer
    expect(table).toEqual([
      [true, true, true],
      [false, true, true],
      [false, false, true],
    ]);
  });
});
