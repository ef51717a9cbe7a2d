// A realistic bus route for the route tests: the mobile office bus BUS-SS-01 through Sóc Sơn
// (Xã Phù Linh, Xã Minh Trí) and Ba Vì (Xã Ba Vì, Xã Tản Viên), lat/lon roughly where the
// communes' people's committees are, visits on a few days of December 2026 (Hanoi HH:MM).
import type { RouteJson } from '../city-sandbox/route-schema';

export const SOC_SON_BA_VI_ROUTE: RouteJson = {
  busId: 'BUS-SS-01',
  version: 3,
  stops: [
    {
      stopId: 'SS-PL', name: 'Sân UBND xã Phù Linh', commune: 'Xã Phù Linh', address: 'UBND xã Phù Linh, Sóc Sơn, Hà Nội', lat: 21.2713, lon: 105.8562,
      visits: [{ date: '2026-12-09', from: '08:00', to: '11:00' }, { date: '2026-12-16', from: '08:00', to: '11:00' }],
    },
    {
      stopId: 'SS-MT', name: 'Nhà văn hoá thôn Đồng Đò', commune: 'Xã Minh Trí', address: 'Thôn Đồng Đò, xã Minh Trí, Sóc Sơn, Hà Nội', lat: 21.3158, lon: 105.7786,
      visits: [{ date: '2026-12-09', from: '13:30', to: '16:30' }, { date: '2026-12-16', from: '13:30', to: '16:30' }],
    },
    {
      stopId: 'BV-BV', name: 'Sân UBND xã Ba Vì', commune: 'Xã Ba Vì', address: 'UBND xã Ba Vì, Ba Vì, Hà Nội', lat: 21.0868, lon: 105.3640,
      visits: [{ date: '2026-12-10', from: '13:30', to: '16:30' }, { date: '2026-12-17', from: '08:00', to: '11:00' }],
    },
    {
      stopId: 'BV-TV', name: 'Chợ Tản Viên', commune: 'Xã Tản Viên', address: 'Chợ trung tâm, xã Tản Viên, Ba Vì, Hà Nội', lat: 21.1335, lon: 105.3989,
      visits: [{ date: '2026-12-10', from: '08:00', to: '11:00' }, { date: '2026-12-17', from: '13:30', to: '16:30' }],
    },
  ],
};
