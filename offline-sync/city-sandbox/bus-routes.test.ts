// Bus routes on the sandbox over real HTTP on loopback: a route checked at start (a bad one
// refuses naming its field) and kept in the database, GET /v1/routes/{busId}, the visits to a
// commune matched without case or diacritics, in date and time order, and the idempotent report
// of a bus's day (409 for another report, 404 unknown_route, 422 for a stop not on the route).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ManualClock } from '../../common/clock';
import { startCitySandbox, type CitySandbox } from './server';
import { foldCommune, type RouteJson } from './route-schema';
import { tempDir, api, DEVICE } from '../test-support/fixtures';
import { SOC_SON_BA_VI_ROUTE as ROUTE } from '../test-support/bus-route';

// Monday 7 December 2026, 09:00 in Hanoi.
const clock = new ManualClock(Date.UTC(2026, 11, 7, 2, 0, 0));
/** A second bus that also stops in Ba Vì (its commune written without the "Xã"). */
const OTHER: RouteJson = {
  busId: 'BUS-BV-02', version: '2026.12',
  stops: [{ stopId: 'BV-CHO', name: 'Chợ Ba Vì', commune: 'Ba Vì', address: 'Chợ xã Ba Vì, Hà Nội', lat: 21.09, lon: 105.37,
    visits: [{ date: '2026-12-10', from: '09:00', to: '10:00' }, { date: '2026-12-08', from: '14:00', to: '15:00' }] }],
};
const dataDir = tempDir('bus-routes');
let sb: CitySandbox;

beforeAll(async () => {
  sb = await startCitySandbox({ dataDir, devices: [DEVICE], clock, routes: [ROUTE] });
  sb.addRoute(OTHER);
});
afterAll(() => sb.close());

const visits = (q: string) => api(sb.url, 'GET', `/v1/route-visits?${q}`);
const report = (over: Record<string, unknown> = {}) => ({
  stops: [
    { stopId: 'SS-PL', arrivedAt: '2026-12-09T07:55:00+07:00', leftAt: '2026-12-09T11:05:00+07:00' },
    { stopId: 'SS-MT', arrivedAt: '2026-12-09T13:40:00+07:00', leftAt: null },
  ],
  dossiers: 17, payments: { card: 150_000, vietqr: 250_000, cash: 30_000 }, unsent: 2, ...over,
});
const putDay = (busId: string, date: string, body: unknown) => api(sb.url, 'PUT', `/v1/route-days/${busId}/${date}`, body);

describe('bus routes', () => {
  it('serves a route as given; 404 unknown_route, 400 for a malformed busId, 401 without a device', async () => {
    expect(await api(sb.url, 'GET', '/v1/routes/BUS-SS-01')).toMatchObject({ status: 200, body: ROUTE });
    expect(await api(sb.url, 'GET', '/v1/routes/BUS-BV-02')).toMatchObject({ status: 200, body: OTHER });
    expect(await api(sb.url, 'GET', '/v1/routes/BUS-XX-99')).toMatchObject({ status: 404, body: { error: { code: 'unknown_route' } } });
    expect(await api(sb.url, 'GET', '/v1/routes/BUS%20SS')).toMatchObject({ status: 400, body: { error: { code: 'malformed' } } });
    expect((await api(sb.url, 'GET', '/v1/routes/BUS-SS-01', undefined, 'nope')).status).toBe(401);
  });

  it('refuses to start with a bad route, naming the field; addRoute checks and replaces a timetable', async () => {
    const bad = (mutate: (r: RouteJson & Record<string, unknown>) => void) => {
      const r = structuredClone(ROUTE) as RouteJson & Record<string, unknown>;
      mutate(r);
      return startCitySandbox({ dataDir: tempDir('bus-routes-bad'), devices: [DEVICE], routes: [ROUTE, r] });
    };
    await expect(bad((r) => { (r.stops[1] as { lat: unknown }).lat = '21.3'; })).rejects.toThrow(/^routes\[1\]: stops\.1\.lat: /);
    await expect(bad((r) => { r.stops[2]!.visits[0]!.date = '2026-12-32'; })).rejects.toThrow(/routes\[1\]: stops\.2\.visits\.0\.date: not a real date/);
    await expect(bad((r) => { r.stops[0]!.visits[0]!.to = '07:00'; })).rejects.toThrow(/stops\.0\.visits\.0\.to: from must be before to/);
    await expect(bad((r) => { r.stops[3]!.stopId = 'SS-PL'; })).rejects.toThrow(/stops\.3\.stopId: stopId SS-PL is given twice/);
    await expect(bad((r) => { r.busId = 'BUS SS'; })).rejects.toThrow(/routes\[1\]: busId: /);
    await expect(bad((r) => { (r as Partial<RouteJson>).version = undefined; })).rejects.toThrow(/routes\[1\]: version: /);
    await expect(bad((r) => { r.stops = []; })).rejects.toThrow(/routes\[1\]: stops: /);

    expect(() => sb.addRoute({ ...OTHER, stops: [{ ...OTHER.stops[0]!, lon: 200 }] })).toThrow(/^route: stops\.0\.lon: /);
    sb.addRoute({ ...OTHER, version: '2026.12b', stops: [{ ...OTHER.stops[0]!, visits: [] }] });
    expect((await api(sb.url, 'GET', '/v1/routes/BUS-BV-02')).body).toMatchObject({ version: '2026.12b', stops: [{ visits: [] }] });
    sb.addRoute(OTHER);
  });

  it('keeps its routes in the database across a restart', async () => {
    const dir = tempDir('bus-routes-restart');
    const first = await startCitySandbox({ dataDir: dir, devices: [DEVICE], routes: [ROUTE] });
    await first.close();
    const again = await startCitySandbox({ dataDir: dir, devices: [DEVICE] });
    try {
      expect(await api(again.url, 'GET', '/v1/routes/BUS-SS-01')).toMatchObject({ status: 200, body: ROUTE });
    } finally {
      await again.close();
    }
  });
});

describe('route visits', () => {
  it('folds communes: case, diacritics, đ and a leading xã', () => {
    expect(foldCommune('Xã Ba Vì')).toBe('ba vi');
    expect(foldCommune('  BA   VÌ ')).toBe('ba vi');
    expect(foldCommune('Xã Đông Anh')).toBe('dong anh');
    expect(foldCommune('Phường Hoàn Kiếm')).toBe('hoan kiem');
    expect(foldCommune('Thị trấn Tây Đằng')).toBe('tay dang');
    expect(foldCommune('Tản Viên'.normalize('NFD'))).toBe(foldCommune('tan vien'));
  });

  it('answers every bus\'s visits to a commune however it is written, by date then time, from a day on', async () => {
    const expected = [
      { busId: 'BUS-BV-02', stopId: 'BV-CHO', name: 'Chợ Ba Vì', date: '2026-12-08', from: '14:00', to: '15:00' },
      { busId: 'BUS-BV-02', stopId: 'BV-CHO', name: 'Chợ Ba Vì', date: '2026-12-10', from: '09:00', to: '10:00' },
      { busId: 'BUS-SS-01', stopId: 'BV-BV', name: 'Sân UBND xã Ba Vì', date: '2026-12-10', from: '13:30', to: '16:30' },
      { busId: 'BUS-SS-01', stopId: 'BV-BV', name: 'Sân UBND xã Ba Vì', date: '2026-12-17', from: '08:00', to: '11:00' },
    ];
    for (const commune of ['Ba Vì', 'ba vi', 'BA VI', 'Xã Ba Vì', 'xa ba vi', 'Ba%20Vi%CC%80' /* NFD */]) {
      const q = commune.includes('%') ? commune : encodeURIComponent(commune);
      expect([commune, await visits(`commune=${q}&from=2026-12-01`)]).toMatchObject([commune, { status: 200, body: { visits: expected } }]);
    }
    // On or after `from`: the day itself counts.
    expect((await visits('commune=ba%20vi&from=2026-12-10')).body.visits).toEqual(expected.slice(1));
    expect((await visits('commune=ba%20vi&from=2026-12-18')).body.visits).toEqual([]);
    expect((await visits(`commune=${encodeURIComponent('phu linh')}&from=2026-12-10`)).body.visits).toEqual([
      { busId: 'BUS-SS-01', stopId: 'SS-PL', name: 'Sân UBND xã Phù Linh', date: '2026-12-16', from: '08:00', to: '11:00' },
    ]);
    expect((await visits('commune=Ba%20Vinh&from=2026-12-01')).body.visits).toEqual([]);
  });

  it('answers 400 malformed without a commune or with a missing or bad date', async () => {
    for (const q of ['from=2026-12-01', 'commune=&from=2026-12-01', 'commune=%20&from=2026-12-01', 'commune=ba%20vi', 'commune=ba%20vi&from=10/12/2026',
      'commune=ba%20vi&from=2026-02-30', `commune=${'x'.repeat(101)}&from=2026-12-01`]) {
      const r = await visits(q);
      expect([q, r.status, r.body.error.code]).toEqual([q, 400, 'malformed']);
    }
    expect((await api(sb.url, 'GET', '/v1/route-visits?commune=ba%20vi&from=2026-12-01', undefined, 'nope')).status).toBe(401);
  });
});

describe('route days', () => {
  it('stores a bus\'s day: the same report again is the stored answer, another report a 409 with the stored hash', async () => {
    const first = await putDay('BUS-SS-01', '2026-12-09', report());
    expect(first).toMatchObject({ status: 200, body: report() });
    expect(await putDay('BUS-SS-01', '2026-12-09', report())).toMatchObject({ status: 200, body: report() });
    // Key order is no difference.
    const { unsent, ...rest } = report();
    expect((await putDay('BUS-SS-01', '2026-12-09', { unsent, ...rest })).status).toBe(200);
    const changed = await putDay('BUS-SS-01', '2026-12-09', report({ dossiers: 18 }));
    expect(changed).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: { storedHash: expect.stringMatching(/^[0-9a-f]{64}$/) } } } });
    // Another day of the same bus is a report of its own.
    expect((await putDay('BUS-SS-01', '2026-12-10', report({ stops: [{ stopId: 'BV-TV', arrivedAt: null, leftAt: null }] }))).status).toBe(200);
    const rows = sb.db.prepare('SELECT bus_id, day, device_id, response_json FROM route_days ORDER BY day').all() as { bus_id: string; day: string; device_id: string; response_json: string }[];
    expect(rows.map((r) => [r.bus_id, r.day, r.device_id])).toEqual([['BUS-SS-01', '2026-12-09', DEVICE.id], ['BUS-SS-01', '2026-12-10', DEVICE.id]]);
    expect(JSON.parse(rows[0]!.response_json)).toEqual(report());
  });

  it('answers 404 for an unknown bus, 422 for a stop not on its route or a bad report, 400 for a bad day', async () => {
    expect(await putDay('BUS-XX-99', '2026-12-09', report())).toMatchObject({ status: 404, body: { error: { code: 'unknown_route' } } });
    // BV-CHO is a stop of the other bus.
    const stray = await putDay('BUS-SS-01', '2026-12-11', report({ stops: [{ stopId: 'SS-PL', arrivedAt: null, leftAt: null }, { stopId: 'BV-CHO', arrivedAt: null, leftAt: null }] }));
    expect(stray).toMatchObject({ status: 422, body: { error: { code: 'unknown_stop', message: expect.stringContaining('stops.1.stopId'), details: { index: 1 } } } });
    const invalid: [string, Record<string, unknown>][] = [
      ['dossiers', { dossiers: -1 }], ['unsent', { unsent: 1.5 }], ['payments.cash', { payments: { card: 0, vietqr: 0, cash: 12_500.5 } }],
      ['payments.vietqr', { payments: { card: 0, cash: 0 } }], ['payments.card', { payments: { card: -5, vietqr: 0, cash: 0 } }],
      ['stops.0.arrivedAt', { stops: [{ stopId: 'SS-PL', arrivedAt: 'yesterday', leftAt: null }] }],
      ['stops.0.leftAt', { stops: [{ stopId: 'SS-PL', arrivedAt: null }] }],
    ];
    for (const [field, over] of invalid) {
      const r = await putDay('BUS-SS-01', '2026-12-11', report(over));
      expect([field, r.status, r.body.error.code, r.body.error.message]).toEqual([field, 422, 'invalid', expect.stringContaining(field)]);
    }
    expect(sb.db.prepare(`SELECT COUNT(*) AS n FROM route_days WHERE day = '2026-12-11'`).get()).toEqual({ n: 0 });
    for (const date of ['2026-12-32', '09-12-2026']) expect(await putDay('BUS-SS-01', date, report())).toMatchObject({ status: 400, body: { error: { code: 'malformed' } } });
    expect((await api(sb.url, 'PUT', '/v1/route-days/BUS-SS-01/2026-12-12', report(), 'nope')).status).toBe(401);
  });
});
