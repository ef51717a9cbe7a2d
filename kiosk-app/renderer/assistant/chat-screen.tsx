import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../common/languages';
import type { Turn } from '../../api/assistant-router';
import { api } from '../api-client/api-client';
import { availableLanguages } from '../i18n/i18n';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { nextEntryId, useConversation, type Entry } from './conversation-store';
import { ReplyView } from './reply-view';
import './chat.css';
import './script-fonts.css';

// The virtual assistant's chat. The conversation is kept for the citizen session
// (conversation-store.tsx), so it survives a visit to a procedure, and is wiped with it.

/** Scripts the on-screen keyboard cannot type: the keyboard starts folded away for them. */
const NON_LATIN = new Set(['zh', 'ko', 'ja']);
const MAX_TURNS = 10;
const SUGGESTIONS = ['q1', 'q2', 'q3', 'q4'] as const;


/** The last turns, so the assistant can follow up ("and the fee?"). */
function conversationOf(entries: readonly Entry[]): Turn[] {
  const turns: Turn[] = [];
  for (const e of entries) {
    if (e.state.kind !== 'done') continue;
    const r = e.state.reply;
    turns.push({ role: 'user', text: e.shown.slice(0, 2000) });
    if (r.kind === 'answer') {
      turns.push({ role: 'assistant', text: r.answers.map((a) => a.title).join('; ').slice(0, 2000), procedureCodes: r.answers.map((a) => a.procedureCode) });
    } else {
      turns.push({ role: 'assistant', text: r.text.slice(0, 2000) });
    }
  }
  return turns.slice(-MAX_TURNS);
}

export function ChatScreen() {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const [entries, setEntries] = useConversation();
  const [text, setText] = useState('');
  const [keyboard, setKeyboard] = useState(!NON_LATIN.has(lang));
  const aborts = useRef(new Set<AbortController>());
  const lastEntry = useRef<HTMLDivElement | null>(null);
  const pending = entries.some((e) => e.state.kind === 'pending');

  // Leaving the screen (or the session ending) cancels what is still being asked.
  useEffect(() => {
    const running = aborts.current;
    return () => running.forEach((a) => a.abort());
  }, []);

  // Bring the newest question, and then its answer's beginning, into view just below the
  // sticky top bar (whose height depends on the language and the text size).
  const last = entries[entries.length - 1];
  useEffect(() => {
    const el = lastEntry.current;
    if (!el) return;
    const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
    window.scrollTo({ top: Math.max(0, el.getBoundingClientRect().top + window.scrollY - bar - 16) });
  }, [last?.id, last?.state.kind]);

  const send = (ask: string, shown: string, history: readonly Entry[]) => {
    const id = nextEntryId(history);
    const conversation = conversationOf(history);
    setEntries([...history, { id, shown, ask, state: { kind: 'pending' } }]);
    const abort = new AbortController();
    aborts.current.add(abort);
    api.assistant.ask
      .mutate({ question: ask, lang, ...(conversation.length ? { conversation } : {}) }, { signal: abort.signal })
      .then(
        (reply) => {
          setEntries((all) => all.map((e) => (e.id === id ? { ...e, state: { kind: 'done', reply } } : e)));
          // Upright, the keyboard would cover half the answer: fold it; a tap on the box brings it back.
          if (window.matchMedia('(orientation: portrait)').matches) setKeyboard(false);
        },
        // Also when the screen was left mid-question: the kept conversation then offers a retry.
        () => setEntries((all) => all.map((e) => (e.id === id ? { ...e, state: { kind: 'error' } } : e))),
      )
      .finally(() => aborts.current.delete(abort));
  };

  const ask = (question: string, shown = question) => {
    const q = question.trim().slice(0, 500);
    if (!q || pending) return;
    send(q, shown.trim().slice(0, 500), entries);
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || pending) return;
    ask(text);
    setText('');
  };

  const retry = (entry: Entry) => {
    if (pending) return;
    send(entry.ask, entry.shown, entries.filter((e) => e.id !== entry.id));
  };

  const handlers = { ask };

  return (
    <main className="screen chat" data-testid="assistant-screen">
      <div className="chat-head">
        <h1>{t('assistant.title')}</h1>
        <div className="chat-langs" role="group" aria-label={t('assistant.languages')}>
          {availableLanguages.map((l) => (
            <button
              key={l.code}
              type="button"
              lang={l.code}
              className="chat-lang"
              aria-pressed={lang === l.code}
              data-testid={`chat-lang-${l.code}`}
              onClick={() => void i18n.changeLanguage(l.code)}
            >
              {l.nativeName}
            </button>
          ))}
        </div>
      </div>

      <div className="chat-log" role="log" aria-label={t('assistant.log')} data-testid="chat-log">
        {entries.length === 0 && (
          <div className="chat-welcome" data-testid="chat-welcome">
            <p className="lead">{t('assistant.intro')}</p>
            <p className="chat-suggest-title">{t('assistant.suggestionsTitle')}</p>
            <div className="chat-suggestions">
              {SUGGESTIONS.map((k) => (
                <button key={k} type="button" className="choice" data-testid="suggestion" onClick={() => ask(t(`assistant.suggestions.${k}`))}>
                  {t(`assistant.suggestions.${k}`)}
                </button>
              ))}
            </div>
            <p className="chat-note">{t('assistant.privacy')}</p>
          </div>
        )}
        {entries.map((e, i) => (
          <div key={e.id} className="chat-entry" data-testid="chat-entry" ref={i === entries.length - 1 ? lastEntry : undefined}>
            <p className="chat-question" data-testid="chat-question">
              <span className="chat-sr-only">{t('assistant.youAsked')}: </span>
              {e.shown}
            </p>
            {e.state.kind === 'pending' && (
              <p className="chat-thinking" role="status" data-testid="chat-thinking">
                {t('assistant.thinking')}
              </p>
            )}
            {e.state.kind === 'error' && (
              <div className="error-box chat-error" data-testid="chat-error">
                <p>{t('assistant.error')}</p>
                <button type="button" className="button" onClick={() => retry(e)}>
                  {t('common.retry')}
                </button>
              </div>
            )}
            {e.state.kind === 'done' && <ReplyView reply={e.state.reply} handlers={handlers} />}
          </div>
        ))}
      </div>

      <form className="chat-composer" onSubmit={submit} data-testid="chat-composer">
        <label className="field-label" htmlFor="chat-input">
          {t('assistant.inputLabel')}
        </label>
        <div className="chat-input-row">
          <input
            id="chat-input"
            className="text-input"
            data-testid="chat-input"
            type="text"
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            maxLength={500}
            placeholder={t('assistant.placeholder')}
            value={text}
            onChange={(ev) => setText(ev.target.value)}
            onClick={() => setKeyboard(true)}
          />
          <button type="submit" className="button primary chat-send" data-testid="chat-send" disabled={!text.trim() || pending}>
            {t('assistant.send')}
          </button>
        </div>
        <div className="chat-tools">
          <button type="button" className="button" data-testid="chat-keyboard-toggle" aria-expanded={keyboard} onClick={() => setKeyboard(!keyboard)}>
            {keyboard ? t('assistant.hideKeyboard') : t('assistant.showKeyboard')}
          </button>
          {entries.length > 0 && (
            <button type="button" className="button" data-testid="chat-clear" disabled={pending} onClick={() => setEntries([])}>
              {t('assistant.clear')}
            </button>
          )}
        </div>
        {keyboard && <OnScreenKeyboard value={text} onChange={setText} onDone={submit} maxLength={500} />}
      </form>
    </main>
  );
}
