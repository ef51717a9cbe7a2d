import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../../../common/languages';
import { err, ok, type Result } from '../../../common/result';

// Read-aloud through espeak-ng, which has a Vietnamese voice and works offline.
// Audio goes to a file (its --stdout WAV header carries a placeholder size).

export type SpeechLanguage = Language;

const VOICES: Record<SpeechLanguage, string> = { vi: 'vi', en: 'en-us', zh: 'cmn', ko: 'ko', ja: 'ja', fr: 'fr-fr' };

export interface SpeechError {
  readonly code: 'speech-unavailable' | 'speech-failed';
  readonly message: string;
}

export interface SpeechService {
  synthesize(text: string, lang: SpeechLanguage): Promise<Result<Buffer, SpeechError>>;
}

export function createEspeakSpeech(options: { binary?: string; wordsPerMinute?: number } = {}): SpeechService {
  const binary = options.binary ?? 'espeak-ng';
  return {
    async synthesize(text, lang) {
      const dir = await mkdtemp(join(tmpdir(), 'kiosk-tts-'));
      const out = join(dir, 'speech.wav');
      try {
        await new Promise<void>((resolve, reject) =>
          execFile(
            binary,
            ['-v', VOICES[lang], '-s', String(options.wordsPerMinute ?? 140), '-w', out, '--', text.normalize('NFC')],
            { timeout: 15_000 },
            (e) => (e ? reject(e) : resolve()),
          ),
        );
        return ok(await readFile(out));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'speech-unavailable' : 'speech-failed';
        return err({ code, message: (e as Error).message });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
