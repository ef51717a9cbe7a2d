import { canvasLib } from '../imaging/canvas';
import { readFile } from 'node:fs/promises';

/**
 * Blank-page test. A pixel is "ink" when it is at least 60 luminance levels darker than the
 * paper (the 90th-percentile luminance of the page), so tinted paper, a grey scan and a faded
 * photocopy are judged against their own background, while show-through from the back
 * (typically 30–50 levels below the paper) is not ink. A page is blank when under 0.15 % of
 * its pixels, inside a 4 % margin that drops edge shadows and punch holes, are ink, measured
 * after downscaling to ≤ 1000 px wide. From the bundled samples: full text pages have
 * 2.0–4.5 % ink, a faded copy ~0.07 %, a blank back with dust and an edge shadow ~0.09 %;
 * hence the second signal below for faded pages.
 */
export const BLANK_INK_THRESHOLD = 0.0015;
export const INK_CONTRAST = 60;
/**
 * Faded copies can have less dark ink than a dusty blank page, so a page is only blank when
 * it also has almost no "text rows": rows where ≥ 2 % of pixels are 25+ levels below the
 * paper. Text lines make such rows in bands (faded sample: 14 % of rows; full page 31 %);
 * scattered dust almost never does (blank sample: 0 %). Blank ⇔ ink < 0.15 % and text rows < 2 %.
 */
export const FAINT_CONTRAST = 25;
export const TEXT_ROW_MIN = 0.02;
export const BLANK_TEXT_ROW_THRESHOLD = 0.02;
export const DARK_PAGE_LUMINANCE = 100;
const MARGIN = 0.04;
const MAX_WIDTH = 1000;

export interface PageAnalysis {
  widthPx: number;
  heightPx: number;
  inkCoverage: number;
  textRowFraction: number;
  luminanceStdDev: number;
  blank: boolean;
}

export async function analysePage(path: string, threshold = BLANK_INK_THRESHOLD): Promise<PageAnalysis> {
  const img = await canvasLib().loadImage(await readFile(path));
  const scale = Math.min(1, MAX_WIDTH / img.width);
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const canvas = canvasLib().createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  const { data } = ctx.getImageData(0, 0, w, h);
  const x0 = Math.floor(w * MARGIN), x1 = Math.ceil(w * (1 - MARGIN));
  const y0 = Math.floor(h * MARGIN), y1 = Math.ceil(h * (1 - MARGIN));
  const hist = new Uint32Array(256);
  let n = 0, sum = 0, sumSq = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * w + x) * 4;
      const lum = Math.round(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
      hist[lum]!++;
      n++;
      sum += lum;
      sumSq += lum * lum;
    }
  }
  // Paper = the 90th-percentile luminance (the median fails on pages that are half dark,
  // e.g. a grid or a photo); everything clearly darker than it is ink.
  let acc = 0, paperLum = 255;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n * 0.9) { paperLum = v; break; }
  }
  let ink = 0;
  for (let v = 0; v < paperLum - INK_CONTRAST; v++) ink += hist[v]!;
  // Second signal: text makes rows with many faint-or-dark pixels; dust is scattered.
  const faint = paperLum - FAINT_CONTRAST;
  let textRows = 0;
  for (let y = y0; y < y1; y++) {
    let c = 0;
    for (let x = x0; x < x1; x++) {
      const i = (y * w + x) * 4;
      if (0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]! < faint) c++;
    }
    if (c >= (x1 - x0) * TEXT_ROW_MIN) textRows++;
  }
  const textRowFraction = y1 > y0 ? textRows / (y1 - y0) : 0;
  const mean = n ? sum / n : 255;
  const inkCoverage = n ? ink / n : 0;
  return {
    widthPx: img.width,
    heightPx: img.height,
    inkCoverage,
    textRowFraction,
    luminanceStdDev: Math.sqrt(Math.max(0, (n ? sumSq / n : 0) - mean * mean)),
    // A page that is dark all over (lid open, black sheet) is not blank paper.
    blank: paperLum >= DARK_PAGE_LUMINANCE && inkCoverage < threshold && textRowFraction < BLANK_TEXT_ROW_THRESHOLD,
  };
}
