import { describe, expect, it } from 'vitest';
import { BOOT_INFO_META } from './boot-contract';
import { withBootInfo, type SystemInfo } from './system-info';

const PAGE = '<!doctype html>\n<html lang="vi">\n  <head>\n    <title>Dịch vụ công Hà Nội</title>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n';
const info: SystemInfo = {
  kioskId: 'hk-07',
  kioskName: 'Ki-ốt "Phố Huế" <tầng 1> & quầy 2',
  mode: 'kiosk',
  defaultLanguage: 'vi',
  orientation: 'portrait',
  idleTimeoutSeconds: 90,
  warningSeconds: 20,
  pointCode: 'NVH-BD01',
  staffLockMinutes: 5,
  booking: true,
};

/** What a browser reads back from the attribute. */
const attributeValue = (html: string) =>
  /<meta name="([^"]+)" content="([^"]*)" \/>/
    .exec(html)!
    .slice(1)
    .map((s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

describe('the page carries the boot info', () => {
  it('puts system.info in a meta of the head, escaped so no name can break out of it', () => {
    const html = withBootInfo(PAGE, info);
    expect(html.indexOf(BOOT_INFO_META)).toBeGreaterThan(html.indexOf('<head>'));
    expect(html.indexOf(BOOT_INFO_META)).toBeLessThan(html.indexOf('</head>'));
    expect(html).not.toContain('<tầng 1>');
    const [name, content] = attributeValue(html);
    expect(name).toBe(BOOT_INFO_META);
    expect(JSON.parse(content!)).toEqual(info);
    // The rest of the page is what was built.
    expect(html.replace(/\s*<meta name="kiosk-boot-info"[^>]*\/>/, '')).toBe(PAGE);
  });

  it('leaves a page without a head as it is (the window then asks the api)', () => {
    expect(withBootInfo('<p>not built</p>', info)).toBe('<p>not built</p>');
  });
});
