import { describe, expect, it } from 'vitest';
import { bootInfoOf } from './boot-info';

const info = { kioskId: 'hk-07', kioskName: 'Ki-ốt "Phố Huế"', mode: 'community', defaultLanguage: 'vi', orientation: 'auto', idleTimeoutSeconds: 90, warningSeconds: 20, pointCode: 'NVH-BD01', staffLockMinutes: 5, booking: true };

describe('the boot info the page carries', () => {
  it('reads what the host wrote', () => {
    expect(bootInfoOf(JSON.stringify(info))).toEqual(info);
  });

  it('is absent for a page without it or with one that does not read: the window asks the api', () => {
    for (const bad of [null, undefined, '', '{', 'null', '[]', '"kiosk"']) expect(bootInfoOf(bad)).toBeUndefined();
    expect(bootInfoOf(JSON.stringify({ ...info, mode: 'circus' }))).toBeUndefined();
    expect(bootInfoOf(JSON.stringify({ ...info, idleTimeoutSeconds: '90' }))).toBeUndefined();
    const { kioskName: _, ...nameless } = info;
    expect(bootInfoOf(JSON.stringify(nameless))).toBeUndefined();
  });
});
