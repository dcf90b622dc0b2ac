import { TransactionRunner } from '@app/database';
import { startTestApp, type TestApp } from '@app/testing';

describe('TransactionRunner', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  beforeAll(async () => {
    t = await startTestApp();
    tx = t.app.get(TransactionRunner);
    await t.sql("INSERT INTO user (appid, openid, nickname, created_at) VALUES ('a', 'lock-a', '', NOW(3)), ('a', 'lock-b', '', NOW(3))");
  });
  afterAll(() => t?.close());

  it('retries a real deadlock so both transactions finish', async () => {
    const rows: { id: number }[] = await t.sql("SELECT id FROM user WHERE openid IN ('lock-a', 'lock-b') ORDER BY openid");
    const [a, b] = [rows[0]!.id, rows[1]!.id];
    let attempts = 0;
    // Both transactions lock one row, wait until the other has too, then reach for the other's row.
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((r) => (release = r));
    const crossing = (first: number, second: number, nickname: string) =>
      tx.run(async (m) => {
        attempts++;
        await m.query('UPDATE user SET nickname = ? WHERE id = ?', [nickname, first]);
        if (++arrived === 2) release();
        await bothLocked;
        await m.query('UPDATE user SET nickname = ? WHERE id = ?', [nickname, second]);
      });
    await Promise.all([crossing(a, b, 'x'), crossing(b, a, 'y')]);
    expect(attempts).toBe(3); // one of the two was chosen as the deadlock victim and ran again
    const names = await t.sql('SELECT DISTINCT nickname FROM user WHERE id IN (?, ?)', [a, b]);
    expect(names).toHaveLength(1); // the retried transaction's writes won on both rows
  });

  it('does not retry other errors and rolls back', async () => {
    let attempts = 0;
    await expect(
      tx.run(async (m) => {
        attempts++;
        await m.query("UPDATE user SET nickname = 'rolled-back' WHERE openid = 'lock-a'");
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(attempts).toBe(1);
    expect(await t.sql("SELECT id FROM user WHERE nickname = 'rolled-back'")).toEqual([]);
  });
});
