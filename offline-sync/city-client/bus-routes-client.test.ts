// The city client's bus route methods against the sandbox on loopback: the timetable, the visits
// to a commune (however it is written) and the report of a bus's day, typed; the city's refusals
// (404 unknown_route, 409 conflict, 422 unknown_stop, 400 malformed) as status errors; answers
// that break the contract (another bus, a wrong shape) as malformed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, DEVICE, TOKEN } from '../test-support/fixtures';
import { SOC_SON_BA_VI_ROUTE as ROUTE } from '../test-support/bus-route';
import { CityGatewayClient, type CityGatewayClientOptions, type RouteDayBody } from './city-gateway-client';

let sb: CitySandbox;
beforeAll(async () => {
  sb = await startCitySandbox({ dataDir: tempDir('client-routes'), devices: [DEVICE], routes: [ROUTE] });
});
afterAll(() => sb.close());

const client = (over: Partial<CityGatewayClientOptions> = {}) => new CityGatewayClient({ baseUrl: sb.url, deviceToken: TOKEN, requestTimeoutMs: 2000, ...over });
const day: RouteDayBody = {
  stops: [
    { stopId: 'BV-TV', arrivedAt: '2026-12-10T07:50:00+07:00', leftAt: '2026-12-10T11:10:00+07:00' },
    { stopId: 'BV-BV', arrivedAt: '2026-12-10T13:25:00+07:00', leftAt: '2026-12-10T16:40:00+07:00' },
  ],
  dossiers: 23, payments: { card: 200_000, vietqr: 350_000, cash: 45_000 }, unsent: 0,
};

describe('city gateway client: bus routes', () => {
  it('reads a bus\'s timetable and the visits to a commune, typed; 404 unknown_route', async () => {
    const c = client();
    expect(await c.getRoute('BUS-SS-01', { timeoutMs: 2000 })).toEqual({ ok: true, value: ROUTE });
    expect(await c.getRoute('BUS-XX-99')).toMatchObject({ ok: false, error: { code: 'status', status: 404, cityCode: 'unknown_route' } });
    expect(await c.getRouteVisits('tản viên', '2026-12-11')).toEqual({ ok: true, value: [{ busId: 'BUS-SS-01', stopId: 'BV-TV', name: 'Chợ Tản Viên', date: '2026-12-17', from: '13:30', to: '16:30' }] });
    const soc = await c.getRouteVisits('MINH TRI', '2026-12-01');
    expect(soc.ok && soc.value.map((v) => v.date)).toEqual(['2026-12-09', '2026-12-16']);
    expect(await c.getRouteVisits('Ba Vì', 'next week')).toMatchObject({ ok: false, error: { status: 400, cityCode: 'malformed' } });
  });

  it('reports a bus\'s day: the same report is the stored answer, another a 409, a stray stop a 422', async () => {
    const c = client();
    expect(await c.putRouteDay('BUS-SS-01', '2026-12-10', day)).toEqual({ ok: true, value: day });
    expect(await c.putRouteDay('BUS-SS-01', '2026-12-10', day)).toEqual({ ok: true, value: day });
    expect(await c.putRouteDay('BUS-SS-01', '2026-12-10', { ...day, unsent: 1 }))
      .toMatchObject({ ok: false, error: { code: 'status', status: 409, cityCode: 'conflict', details: { storedHash: expect.any(String) } } });
    expect(await c.putRouteDay('BUS-SS-01', '2026-12-17', { ...day, stops: [{ stopId: 'NOWHERE', arrivedAt: null, leftAt: null }] }))
      .toMatchObject({ ok: false, error: { status: 422, cityCode: 'unknown_stop' } });
    expect(await c.putRouteDay('BUS-XX-99', '2026-12-17', day)).toMatchObject({ ok: false, error: { status: 404, cityCode: 'unknown_route' } });
  });

  it('refuses answers that break the contract: another bus, a wrong shape', async () => {
    const liar = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/v1/routes/')) return res.end(JSON.stringify({ ...ROUTE, busId: 'BUS-OTHER' }));
      if (req.url?.startsWith('/v1/route-visits')) return res.end(JSON.stringify({ visits: [{ busId: 'B', stopId: 'S', name: 'n', date: 'soon', from: '08:00', to: '09:00' }] }));
      res.end(JSON.stringify({ ...day, payments: { card: -1, vietqr: 0, cash: 0 } }));
    });
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
    try {
      const c = client({ baseUrl: `http://127.0.0.1:${(liar.address() as AddressInfo).port}` });
      expect(await c.getRoute('BUS-SS-01')).toMatchObject({ ok: false, error: { code: 'malformed', what: 'route', reason: 'busId does not match' } });
      expect(await c.getRouteVisits('Ba Vì', '2026-12-01')).toMatchObject({ ok: false, error: { code: 'malformed', what: 'route-visits' } });
      expect(await c.putRouteDay('BUS-SS-01', '2026-12-10', day)).toMatchObject({ ok: false, error: { code: 'malformed', what: 'route-day' } });
    } finally {
      liar.closeAllConnections();
      await new Promise((r) => liar.close(r));
    }
  });
});
