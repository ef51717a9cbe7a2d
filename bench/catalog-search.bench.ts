import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadCatalog } from '../kiosk-app/core/catalog/catalog-loader';
import type { Procedure } from '../kiosk-app/core/catalog/catalog-schema';
import { buildSearchIndex, documentsFromCatalog } from '../kiosk-app/core/catalog/catalog-search';
import { foldVietnamese } from '../kiosk-app/core/catalog/vietnamese-text';
import { fmtMs, printTable, summarize } from './bench-stats';

// Catalogue search latency (p50/p99) over the real catalogue and a 10,000-procedure
// synthetic expansion, next to Fuse.js and MiniSearch on the same queries in the same run.

const QUERIES = ['dang ky khai sinh', 'khai sih', 'DANG KY KHAI SINH', 'birth registration', 'tam tru', 'ho chieu', 'chung thuc ban sao', 'ket hon', 'thuong tru', 'giay phep lai xe', 'ly lich tu phap', 'ho kinh doanh'];
const EXPECTED: Record<string, string> = { 'dang ky khai sinh': '1.001193', 'khai sih': '1.001193', 'DANG KY KHAI SINH': '1.001193', 'birth registration': '1.001193', 'ho chieu': '1.001456', 'chung thuc ban sao': '2.000815' };

const catalog = loadCatalog();
if (!catalog.ok) throw new Error(catalog.error.message);

const WORDS = ['cấp', 'đổi', 'lại', 'giấy', 'phép', 'chứng', 'nhận', 'đăng', 'ký', 'xác', 'thay', 'đổi', 'thông', 'tin', 'điều', 'chỉnh', 'bổ', 'sung', 'gia', 'hạn', 'công', 'trình', 'đất', 'đai', 'nhà', 'ở', 'môi', 'trường', 'y', 'tế', 'giáo', 'dục', 'lao', 'động'];
function synthetic(n: number): Procedure[] {
  const base = catalog.ok ? catalog.value.procedures : [];
  const out: Procedure[] = [...base];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = out.length; i < n; i++) {
    const words = Array.from({ length: 4 + Math.floor(rnd() * 5) }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
    const code = `9.${String(100000 + i).padStart(6, '0')}`;
    out.push({ ...base[i % base.length]!, code, name: { vi: words.join(' '), en: `Synthetic procedure ${i}` }, summary: undefined });
  }
  return out;
}

function measure(search: (q: string) => string | undefined, rounds: number) {
  const samples: number[] = [];
  let correct = 0;
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const t0 = performance.now();
      const top = search(q);
      samples.push(performance.now() - t0);
      if (r === 0 && EXPECTED[q] && top === EXPECTED[q]) correct++;
    }
  }
  return { ...summarize(samples), correct: `${correct}/${Object.keys(EXPECTED).length}` };
}

const rows: Array<Record<string, string | number>> = [];
for (const [label, procedures, rounds] of [
  ['real (21)', catalog.value.procedures, 200],
  ['synthetic 10,000', synthetic(10_000), 10],
] as const) {
  const docs = documentsFromCatalog({ ...catalog.value, procedures });
  const ours = buildSearchIndex(docs);
  const plain = procedures.map((p) => ({ code: p.code, vi: foldVietnamese(p.name.vi), en: p.name.en.toLowerCase(), summary: foldVietnamese(p.summary?.vi ?? '') }));
  const fuse = new Fuse(plain, { keys: ['vi', 'en', 'summary'], threshold: 0.4, ignoreLocation: true });
  const mini = new MiniSearch({ fields: ['vi', 'en', 'summary'], idField: 'code', searchOptions: { fuzzy: 0.2, prefix: true } });
  mini.addAll(plain);
  for (const [engine, fn] of [
    ['kiosk search', (q: string) => ours.search(q, 10)[0]?.code],
    ['Fuse.js 7', (q: string) => fuse.search(foldVietnamese(q), { limit: 10 })[0]?.item.code],
    ['MiniSearch 7', (q: string) => mini.search(foldVietnamese(q))[0]?.id as string | undefined],
  ] as const) {
    const m = measure(fn, rounds);
    rows.push({ catalogue: label, engine, p50: fmtMs(m.p50), p99: fmtMs(m.p99), queries: m.n, 'top-1 correct': m.correct });
  }
}
printTable('Catalogue search latency (same queries, same run)', rows);
