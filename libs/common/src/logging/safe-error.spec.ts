import { blankSqlValues, errorText, serializeError } from './safe-error';

/** mysql2's error as TypeORM wraps it: the values sit in `parameters`, `sql` and MySQL's message. */
function queryFailed(message: string): Error {
  return Object.assign(new Error(message), {
    name: 'QueryFailedError',
    query: 'UPDATE `user` SET `phone` = ? WHERE `id` = ?',
    parameters: ['13912345678', 7],
    driverError: { sql: "UPDATE `user` SET `phone` = '13912345678' WHERE `id` = 7" },
    sql: "UPDATE `user` SET `phone` = '13912345678' WHERE `id` = 7",
    code: 'ER_DUP_ENTRY',
    errno: 1062,
    sqlState: '23000',
  });
}

describe('database errors in logs', () => {
  it('blank quoted values and keep the names of keys, columns and tables', () => {
    expect(blankSqlValues("Duplicate entry '13912345678-x' for key 'uq_user_phone'")).toBe("Duplicate entry '?' for key 'uq_user_phone'");
    expect(blankSqlValues("Incorrect integer value: 'O''Brien' for column 'age' at row 1")).toBe(
      "Incorrect integer value: '?' for column 'age' at row 1",
    );
    expect(blankSqlValues('Deadlock found when trying to get lock; try restarting transaction')).toBe(
      'Deadlock found when trying to get lock; try restarting transaction',
    );
  });

  it('serialize to statement, codes and the blanked message only', () => {
    const out = JSON.stringify(serializeError(queryFailed("Duplicate entry '13912345678' for key 'uq_user_phone'")));
    expect(out).not.toContain('13912345678');
    expect(JSON.parse(out)).toMatchObject({
      type: 'QueryFailedError',
      message: "Duplicate entry '?' for key 'uq_user_phone'",
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sqlState: '23000',
      statement: 'UPDATE `user` SET `phone` = ? WHERE `id` = ?',
    });
  });

  it('give job and retry lines the same blanked text; other errors keep theirs', () => {
    expect(errorText(queryFailed("Duplicate entry '13912345678' for key 'uq'"))).toBe("QueryFailedError: Duplicate entry '?' for key 'uq'");
    expect(errorText(new Error("WeChat said 'no'"))).toBe("Error: WeChat said 'no'");
    expect(errorText('plain')).toBe('plain');
  });
});
