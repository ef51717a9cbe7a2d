import { describe, expect, it } from 'vitest';
import { createEspeakSpeech } from './speech-service';

/** Duration in seconds of a PCM WAV file, from its header. */
function wavSeconds(wav: Buffer): number {
  const byteRate = wav.readUInt32LE(28);
  const dataIndex = wav.indexOf('data');
  return wav.readUInt32LE(dataIndex + 4) / byteRate;
}

describe('espeak-ng speech', () => {
  it('speaks Vietnamese with full diacritics to a WAV of plausible length', async () => {
    const r = await createEspeakSpeech().synthesize('Xin chào, mời bạn lấy số thứ tự', 'vi');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.subarray(0, 4).toString()).toBe('RIFF');
    expect(wavSeconds(r.value)).toBeGreaterThan(1);
    expect(wavSeconds(r.value)).toBeLessThan(6);
  });

  it('a longer text gives longer audio (the text is really spoken)', async () => {
    const speech = createEspeakSpeech();
    const short = await speech.synthesize('Xin chào', 'vi');
    const long = await speech.synthesize('Xin chào. Bạn cần giấy chứng sinh và thẻ căn cước để đăng ký khai sinh.', 'vi');
    expect(short.ok && long.ok).toBe(true);
    if (short.ok && long.ok) expect(wavSeconds(long.value)).toBeGreaterThan(2 * wavSeconds(short.value));
  });

  it('reports a missing engine as a typed error', async () => {
    const r = await createEspeakSpeech({ binary: '/nonexistent/espeak' }).synthesize('x', 'vi');
    expect(r).toMatchObject({ ok: false, error: { code: 'speech-unavailable' } });
  });
});
