import { type ActivePromoter, DAY, bind, promoter, type PayWorld, setSettings, shopper, startDistWorld } from './dist-fixtures';

describe('distribution bindings', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startDistWorld();
  });
  afterAll(() => w?.close());

  const changes = (userId: number): Promise<{ from_promoter_id: number | null; to_promoter_id: number | null; actor: string }[]> =>
    w.t.sql('SELECT from_promoter_id, to_promoter_id, actor FROM distribution_binding_change WHERE user_id = ? ORDER BY id', [userId]);

  it('first_share: the first share binds for good; later shares change nothing; every binding is recorded', async () => {
    await setSettings(w, { bindingMode: 'first_share', bindingDays: 0 });
    const a = await promoter(w);
    const b = await promoter(w);
    const s = await shopper(w);
    const first = await bind(w, s, a.code.toLowerCase());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'bound', promoterId: a.promoterId, expiresAt: null });
    expect((await bind(w, s, b.code)).body).toMatchObject({ outcome: 'already_bound', promoterId: a.promoterId });
    expect((await bind(w, s, a.code)).body.outcome).toBe('already_bound');
    expect(await changes(s.userId)).toEqual([{ from_promoter_id: null, to_promoter_id: a.promoterId, actor: 'user' }]);
    const me = await w.t.http.get('/api/v1/distribution/me', { token: s.token });
    expect(me.body).toMatchObject({ enabled: true, promoter: null, binding: { promoterId: a.promoterId } });
  });

  it('first_share with validity days: an expired binding lets the next share bind', async () => {
    await setSettings(w, { bindingMode: 'first_share', bindingDays: 3 });
    const a = await promoter(w);
    const b = await promoter(w);
    const s = await shopper(w);
    expect((await bind(w, s, a.code)).body.outcome).toBe('bound');
    w.t.clock.advance(2 * DAY);
    expect((await bind(w, s, b.code)).body.outcome).toBe('already_bound');
    w.t.clock.advance(1 * DAY + 1000);
    expect((await bind(w, s, b.code)).body).toMatchObject({ outcome: 'rebound', promoterId: b.promoterId });
    expect((await changes(s.userId)).map((c) => c.to_promoter_id)).toEqual([a.promoterId, b.promoterId]);
  });

  it('latest_share: every share of another promoter rebinds; the same promoter renews the validity', async () => {
    await setSettings(w, { bindingMode: 'latest_share', bindingDays: 10 });
    const a = await promoter(w);
    const b = await promoter(w);
    const s = await shopper(w);
    expect((await bind(w, s, a.code)).body.outcome).toBe('bound');
    expect((await bind(w, s, b.code)).body).toMatchObject({ outcome: 'rebound', promoterId: b.promoterId });
    w.t.clock.advance(DAY);
    const renewed = await bind(w, s, b.code);
    expect(renewed.body.outcome).toBe('renewed');
    expect(new Date(renewed.body.expiresAt).getTime()).toBe(w.t.clock.now().getTime() + 10 * DAY);
    expect((await changes(s.userId)).map((c) => [c.from_promoter_id, c.to_promoter_id])).toEqual([
      [null, a.promoterId],
      [a.promoterId, b.promoterId],
    ]);
  });

  it('first_login: only a shopper who has just registered and was never bound is bound', async () => {
    const a = await promoter(w);
    const b = await promoter(w);
    const old = await shopper(w);
    await setSettings(w, { bindingMode: 'first_login', bindingDays: 0, firstLoginMinutes: 30 });
    w.t.clock.advance(31 * 60_000);
    expect((await bind(w, old, a.code)).body).toMatchObject({ outcome: 'not_first_login', promoterId: null });
    const fresh = await shopper(w);
    expect((await bind(w, fresh, a.code)).body.outcome).toBe('bound');
    expect((await bind(w, fresh, b.code)).body).toMatchObject({ outcome: 'already_bound', promoterId: a.promoterId });
    expect(await changes(old.userId)).toEqual([]);
  });

  it('refuses self-binding, cycles, disabled promoters, unknown codes and a switched-off distribution, writing nothing', async () => {
    await setSettings(w, { bindingMode: 'latest_share', bindingDays: 0 });
    const a = await promoter(w);
    const b = await promoter(w, a); // b under a
    const c = await promoter(w, b); // c under b
    expect((await bind(w, a, a.code)).body.code).toBe('SELF_BINDING');
    // a under c would close a -> b -> c -> a.
    const cycle = await bind(w, a, c.code);
    expect(cycle.status).toBe(409);
    expect(cycle.body.code).toBe('BINDING_CYCLE');
    expect((await bind(w, a, b.code)).body.code).toBe('BINDING_CYCLE');
    expect(await changes(a.userId)).toEqual([]);

    const s = await shopper(w);
    const disabled = await w.t.http.post(
      `/api/v1/admin/distribution/promoters/${c.promoterId}/disable`,
      { reason: 'fraud' },
      { token: w.owner },
    );
    expect(disabled.body.status).toBe('disabled');
    expect((await bind(w, s, c.code)).body.code).toBe('PROMOTER_INACTIVE');
    expect((await bind(w, s, 'NOSUCHCD')).status).toBe(404);
    await setSettings(w, { enabled: false });
    expect((await bind(w, s, a.code)).body.code).toBe('DISTRIBUTION_DISABLED');
    await setSettings(w, { enabled: true });
    expect(await changes(s.userId)).toEqual([]);
  });

  it('two promoters binding to each other at once: at most one succeeds (no cycle)', async () => {
    await setSettings(w, { bindingMode: 'latest_share', bindingDays: 0 });
    for (let i = 0; i < 5; i++) {
      const a = await promoter(w);
      const b = await promoter(w);
      const [x, y] = await Promise.all([bind(w, a, b.code), bind(w, b, a.code)]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
    }
  });

  it('an operator moves a shopper with a reason (recorded), and cannot close a cycle either', async () => {
    const a = await promoter(w);
    const b = await promoter(w, a);
    const s = await shopper(w);
    await bind(w, s, a.code);
    const operator = await w.t.createAdmin('operator');
    const moved = await w.t.http.put(
      `/api/v1/admin/distribution/bindings/${s.userId}`,
      { promoterId: b.promoterId, reason: 'customer asked' },
      { token: operator },
    );
    expect(moved.body).toMatchObject({ outcome: 'rebound', promoterId: b.promoterId });
    const [last] = await w.t.sql<{ actor: string; reason: string; to_promoter_id: number }>(
      'SELECT actor, reason, to_promoter_id FROM distribution_binding_change WHERE user_id = ? ORDER BY id DESC LIMIT 1',
      [s.userId],
    );
    expect(last).toEqual({ actor: 'admin', reason: 'customer asked', to_promoter_id: b.promoterId });
    const cyc = await w.t.http.put(
      `/api/v1/admin/distribution/bindings/${a.userId}`,
      { promoterId: b.promoterId, reason: 'x' },
      { token: operator },
    );
    expect(cyc.body.code).toBe('BINDING_CYCLE');
    const list = await w.t.http.get(`/api/v1/admin/distribution/bindings?promoterId=${b.promoterId}`, { token: operator });
    expect(list.body.items.map((i: { userId: number }) => i.userId)).toContain(s.userId);
    const unbound = await w.t.http.put(
      `/api/v1/admin/distribution/bindings/${s.userId}`,
      { promoterId: null, reason: 'left' },
      { token: operator },
    );
    expect(unbound.body.promoterId).toBeNull();
    const history = await w.t.http.get(`/api/v1/admin/distribution/bindings/${s.userId}/changes`, { token: operator });
    expect(history.body.items.map((c: any) => [c.fromPromoterId, c.toPromoterId, c.actor, c.reason])).toEqual([
      [b.promoterId, null, 'admin', 'left'],
      [a.promoterId, b.promoterId, 'admin', 'customer asked'],
      [null, a.promoterId, 'user', `share code ${a.code}`],
    ]);
    expect(history.body.items[1].actorId).toEqual(expect.any(Number));
  });

  it('settings are owner-only, audited with who and why, and refuse a stale version', async () => {
    const operator = await w.t.createAdmin('operator');
    expect(
      (await w.t.http.patch('/api/v1/admin/distribution/settings', { reason: 'x', level1RateBp: 1 }, { token: operator })).status,
    ).toBe(403);
    const cur = await w.t.http.get('/api/v1/admin/distribution/settings', { token: operator });
    const ok = await w.t.http.patch(
      '/api/v1/admin/distribution/settings',
      { reason: 'promo week', level1RateBp: 1200, version: cur.body.version },
      { token: w.owner },
    );
    expect(ok.body).toMatchObject({ level1RateBp: 1200, version: cur.body.version + 1 });
    const stale = await w.t.http.patch(
      '/api/v1/admin/distribution/settings',
      { reason: 'late', level1RateBp: 900, version: cur.body.version },
      { token: w.owner },
    );
    expect(stale.body.code).toBe('SETTINGS_VERSION_CONFLICT');
    const bad = await w.t.http.patch(
      '/api/v1/admin/distribution/settings',
      { reason: 'bad', withdrawMin: 500, withdrawMax: 100 },
      { token: w.owner },
    );
    expect(bad.status).toBe(400);
    const log = await w.t.http.get('/api/v1/admin/distribution/settings/changes', { token: operator });
    expect(log.body.items[0]).toMatchObject({ reason: 'promo week', version: cur.body.version + 1 });
    expect(JSON.parse(log.body.items[0].after).level1RateBp).toBe(1200);
    await setSettings(w, { level1RateBp: 1000 });
  });

  it('applying needs approval when the shop says so; an operator approves or rejects', async () => {
    await setSettings(w, { promoterApproval: true });
    const s = await shopper(w);
    const applied = await w.t.http.post('/api/v1/distribution/promoter', { note: 'I have a blog' }, { token: s.token });
    expect(applied.body.status).toBe('applied');
    expect((await w.t.http.post('/api/v1/distribution/promoter', {}, { token: s.token })).body.code).toBe('ALREADY_PROMOTER');
    const t = await shopper(w);
    expect((await bind(w, t, applied.body.code)).body.code).toBe('PROMOTER_INACTIVE');
    const operator = await w.t.createAdmin('operator');
    const ok = await w.t.http.post(
      `/api/v1/admin/distribution/promoters/${applied.body.id}/approve`,
      { reason: 'fine' },
      { token: operator },
    );
    expect(ok.body.status).toBe('active');
    expect((await bind(w, t, applied.body.code)).body.outcome).toBe('bound');
    const again = await w.t.http.post(
      `/api/v1/admin/distribution/promoters/${applied.body.id}/reject`,
      { reason: 'late' },
      { token: operator },
    );
    expect(again.body.code).toBe('PROMOTER_STATE_CONFLICT');
    const events = await w.t.sql('SELECT from_status, to_status, actor FROM promoter_event WHERE promoter_id = ? ORDER BY id', [
      applied.body.id,
    ]);
    expect(events).toEqual([
      { from_status: null, to_status: 'applied', actor: 'user' },
      { from_status: 'applied', to_status: 'active', actor: 'admin' },
    ]);
    await setSettings(w, { promoterApproval: false });
  });

  it('promoters binding under other promoters at once are all bound (they take turns on the settings row, no deadlock)', async () => {
    await setSettings(w, { bindingMode: 'first_share', bindingDays: 0 });
    const parents = await Promise.all(Array.from({ length: 4 }, () => promoter(w)));
    const children = await Promise.all(Array.from({ length: 16 }, () => promoter(w)));
    const results = await Promise.all(children.map((c, i) => bind(w, c, parents[i % 4]!.code)));
    expect(results.map((r) => [r.status, r.body.outcome])).toEqual(children.map(() => [200, 'bound']));
  });

  it('operators find promoters by a part of their nickname (contains, any case, wildcards literal), with the other filters', async () => {
    const tag = `n${Date.now().toString(36)}`;
    const named = async (nickname: string): Promise<ActivePromoter> => {
      const p = await promoter(w);
      await w.t.sql('UPDATE `user` SET nickname = ? WHERE id = ?', [nickname, p.userId]);
      return p;
    };
    const a = await named(`甲${tag}小明`);
    const b = await named(`${tag}小明乙`);
    const c = await named(`${tag}_Alice`);
    const d = await named(`${tag}%Bob`);
    const other = await named('微信用户');
    const viewer = await w.t.createAdmin('viewer');
    const search = async (query: string): Promise<{ ids: number[]; total: number; nicknames: string[] }> => {
      const res = await w.t.http.get(`/api/v1/admin/distribution/promoters?${query}`, { token: viewer });
      expect(res.status).toBe(200);
      const items = res.body.items as { id: number; nickname: string }[];
      return { ids: items.map((i) => i.id), total: res.body.total as number, nicknames: items.map((i) => i.nickname) };
    };
    const q = (keyword: string, extra = ''): string => `keyword=${encodeURIComponent(keyword)}${extra}`;
    // Contains, not only starts with; newest first; the nickname is in the answer.
    expect(await search(q(`${tag}小明`))).toEqual({
      ids: [b.promoterId, a.promoterId],
      total: 2,
      nicknames: [`${tag}小明乙`, `甲${tag}小明`],
    });
    expect((await search(q(`${tag}_alice`.toUpperCase()))).ids).toEqual([c.promoterId]);
    // LIKE's wildcards match themselves: `_` is not any character, `%` not any run.
    expect((await search(q(`${tag}%`))).ids).toEqual([d.promoterId]);
    expect((await search(q(`${tag}_`))).ids).toEqual([c.promoterId]);
    expect((await search(q('小明乙', `&pageSize=1`))).total).toBe(1);
    // Combined with the other filters.
    expect((await search(q(tag, `&userId=${a.userId}`))).ids).toEqual([a.promoterId]);
    expect((await search(q(tag, '&status=disabled'))).ids).toEqual([]);
    expect((await search(q('微信用户'))).ids).toContain(other.promoterId);
    expect((await search(q(`${tag}nobody`))).total).toBe(0);
    const bad = await w.t.http.get(`/api/v1/admin/distribution/promoters?${q('x'.repeat(33))}`, { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
