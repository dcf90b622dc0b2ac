import { captureLogs, startTestApp, type TestApp } from '@app/testing';

const PERSONAL = { receiverName: '李秘密', phone: '13987654321', detail: '隐私路88号' };
const ADDRESS = { ...PERSONAL, province: '广东省', city: '深圳市', district: '南山区' };

/** Statements fail with shoppers' data as parameters; logs name the statement and the code, never the values. */
describe('database errors in logs', () => {
  const logs = captureLogs('debug');
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ logger: logs.logger });
    ({ token } = await t.loginUser());
  });
  afterAll(() => t?.close());

  const leaked = (): string[] => {
    const all = logs.raw.join('\n');
    return Object.values(PERSONAL).filter((v) => all.includes(v));
  };
  const errorLine = (): Record<string, any> => {
    const lines = logs.lines.filter((l) => l.msg === 'unhandled error');
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };

  it('keeps the statement and error code of a failed INSERT, not its parameters or the inlined SQL', async () => {
    await t.sql(
      "CREATE TRIGGER address_refused BEFORE INSERT ON address FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by a test trigger'",
    );
    try {
      logs.lines.length = 0;
      logs.raw.length = 0;
      const res = await t.http.post('/api/v1/addresses', ADDRESS, { token });
      expect([res.status, res.body.code]).toEqual([500, 'INTERNAL']);
      const { err } = errorLine();
      expect(err).toMatchObject({ type: 'QueryFailedError', code: 'ER_SIGNAL_EXCEPTION', sqlState: '45000' });
      expect(err.statement).toMatch(/^INSERT INTO `address`.*VALUES \(/);
      expect(err.message).toBe('refused by a test trigger');
      expect(leaked()).toEqual([]);
    } finally {
      await t.sql('DROP TRIGGER address_refused');
    }
  });

  it("blanks the values MySQL quotes in its own message (Duplicate entry '...')", async () => {
    await t.sql('CREATE UNIQUE INDEX uq_test_address_phone ON address (phone)');
    try {
      expect((await t.http.post('/api/v1/addresses', ADDRESS, { token })).status).toBe(201);
      logs.lines.length = 0;
      logs.raw.length = 0;
      const res = await t.http.post('/api/v1/addresses', ADDRESS, { token });
      expect(res.status).toBe(500);
      const { err } = errorLine();
      expect(err).toMatchObject({ code: 'ER_DUP_ENTRY', errno: 1062 });
      expect(err.message).toBe("Duplicate entry '?' for key 'uq_test_address_phone'");
      expect(err.stack).toContain("Duplicate entry '?'");
      expect(leaked()).toEqual([]);
    } finally {
      await t.sql('DROP INDEX uq_test_address_phone ON address');
    }
  });
});
