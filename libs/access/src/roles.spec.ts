import { ADMIN_ROLES, roleAllows } from './roles';

describe('roleAllows', () => {
  it('orders owner > operator > viewer > store_staff', () => {
    const table = ADMIN_ROLES.map((actual) => ADMIN_ROLES.map((required) => roleAllows(actual, required)));
    // rows: owner, operator, viewer, store_staff; columns likewise
    expect(table).toEqual([
      [true, true, true, true],
      [false, true, true, true],
      [false, false, true, true],
      [false, false, false, true],
    ]);
  });
});
