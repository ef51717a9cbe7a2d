import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { Icon } from './icons';

/**
 * Reads the main text of the current screen in the chosen language, or the given `text`
 * in `lang` (an assistant reply reads its own words, in the language it was written in).
 */
export function ReadAloudButton({ text: given, lang, testId = 'read-aloud', className = 'topbar-button' }: { text?: string; lang?: string; testId?: string; className?: string } = {}) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<'idle' | 'loading' | 'playing'>('idle');
  const audio = useRef<HTMLAudioElement | null>(null);
  useEffect(() => () => audio.current?.pause(), []);

  const stop = () => {
    audio.current?.pause();
    audio.current = null;
    setState('idle');
  };

  const start = async () => {
    const main = document.querySelector('main');
    const text = (given ?? main?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 1500);
    if (!text) return;
    setState('loading');
    try {
      const speech = await api.speech.say.mutate({ text, lang: (lang ?? i18n.language) as 'vi' });
      const el = new Audio(speech.dataUrl);
      audio.current = el;
      el.onended = () => setState('idle');
      setState('playing');
      // There may be no sound device (e.g. in tests); the button still reflects the state.
      await el.play().catch(() => undefined);
    } catch {
      setState('idle');
    }
  };

  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      data-state={state}
      aria-pressed={state !== 'idle'}
      onClick={() => (state === 'idle' ? void start() : stop())}
    >
      <Icon name="speaker" />
      {state === 'idle' ? t('common.readAloud') : t('common.stopReading')}
    </button>
  );
}
