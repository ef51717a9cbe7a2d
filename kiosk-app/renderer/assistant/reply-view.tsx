import { useTranslation } from 'react-i18next';
import type { Action, AssistantReply, ComposedAnswer } from '../../api/assistant-router';
import { ReadAloudButton } from '../components/read-aloud-button';
import { PrintGuideButton } from './print-guide-button';
import { availableLanguages } from '../i18n/i18n';
import { useSession } from '../session/session-context';

// One assistant reply, drawn from the reply data only: every fact on screen is a field of
// the catalogue answer the core composed; this file adds layout, never content.

export interface ReplyHandlers {
  /** Ask a follow-up: `ask` is sent, `shown` is what the citizen sees they asked. */
  ask(ask: string, shown: string): void;
}

/** The words read aloud for a reply that has no composed `speech` of its own. */
export function speechOf(reply: AssistantReply): string {
  switch (reply.kind) {
    case 'answer':
      return [reply.intro, reply.modelText, ...reply.answers.map((a) => a.speech)].filter(Boolean).join('\n');
    case 'info':
      return reply.text;
    case 'clarification':
      return [reply.text, ...reply.choices.map((c) => c.label)].join('\n');
    case 'refusal':
      return `${reply.text}\n${reply.goInstead}`;
  }
}

function sourceHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const ORDER: readonly Action['kind'][] = ['start-dossier', 'read-aloud', 'talk-to-staff', 'take-queue-number', 'lookup-dossier', 'print-guidance'];

function Actions({ actions, reply, speech, handlers }: { actions: readonly Action[]; reply: AssistantReply; speech: string; handlers: ReplyHandlers }) {
  const { i18n } = useTranslation();
  const { navigate } = useSession();
  // The ones that act on this kiosk first; printing last.
  const ordered = [...actions].sort((x, y) => ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
  const buttons = ordered.flatMap((a) => {
    switch (a.kind) {
      case 'start-dossier':
        return a.procedureCode
          ? [
              <button key={a.kind} type="button" className="button primary" data-testid="action-start-dossier" onClick={() => navigate({ name: 'procedure', code: a.procedureCode! })}>
                {a.label}
              </button>,
            ]
          : [];
      case 'print-guidance':
        return a.procedureCode ? [<PrintGuideButton key={a.kind} code={a.procedureCode} label={a.label} lang={reply.lang} />] : [];
      case 'talk-to-staff':
        // The help intent says where staff are; offering it again on that very answer would loop.
        return reply.intent === 'human-help'
          ? []
          : [
              <button key={a.kind} type="button" className="button" data-testid="action-talk-to-staff" onClick={() => handlers.ask('intent:human-help', a.label)}>
                {a.label}
              </button>,
            ];
      case 'read-aloud':
        return [
          <span key={a.kind} lang={i18n.language}>
            <ReadAloudButton text={speech} lang={reply.lang} testId="reply-read-aloud" className="button" />
          </span>,
        ];
      case 'take-queue-number':
        return [
          <button key={a.kind} type="button" className="button" data-testid="action-take-queue-number" onClick={() => navigate({ name: 'queue' })}>
            {a.label}
          </button>,
        ];
      case 'lookup-dossier':
        return [
          <button key={a.kind} type="button" className="button" data-testid="action-lookup-dossier" onClick={() => navigate({ name: 'lookup' })}>
            {a.label}
          </button>,
        ];
    }
  });
  return buttons.length > 0 ? <div className="chat-actions">{buttons}</div> : null;
}

function AnswerCard({ answer, reply, handlers }: { answer: ComposedAnswer; reply: AssistantReply; handlers: ReplyHandlers }) {
  return (
    <article className="chat-answer" data-testid="answer" data-procedure={answer.procedureCode}>
      <h2 className="chat-answer-title" data-testid="answer-title">
        {answer.title}
      </h2>
      <p className="chat-answer-summary">{answer.summary}</p>
      <div className="chat-sections">
        {answer.sections.map((s) => (
          <section key={s.kind} className={`chat-section chat-section-${s.kind}`} data-testid={`section-${s.kind}`}>
            <h3>{s.title}</h3>
            <ul>
              {s.items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="chat-source" data-testid="answer-source">
        {answer.source.label}: {sourceHost(answer.source.url)} · {answer.source.checkedText}
      </p>
      <Actions actions={answer.actions} reply={reply} speech={answer.speech} handlers={handlers} />
    </article>
  );
}

/** Offers the screen in the reply's language when the citizen wrote in another one. */
function LanguageOffer({ reply }: { reply: AssistantReply }) {
  const { t, i18n } = useTranslation();
  const target = availableLanguages.find((l) => l.code === reply.lang);
  if (!target || i18n.language === reply.lang) return null;
  return (
    <button type="button" className="button chat-switch" data-testid="switch-language" onClick={() => void i18n.changeLanguage(reply.lang)}>
      {t('assistant.switchLanguage', { lng: reply.lang, name: target.nativeName })}
    </button>
  );
}

export function ReplyView({ reply, handlers }: { reply: AssistantReply; handlers: ReplyHandlers }) {
  const { t } = useTranslation();
  const speech = speechOf(reply);
  const body = (() => {
    switch (reply.kind) {
      case 'answer':
        return (
          <>
            {reply.intro && <p className="chat-reply-text">{reply.intro}</p>}
            {reply.modelText && (
              <div className="chat-model">
                <p className="chat-reply-text" data-testid="model-text">{reply.modelText}</p>
                {reply.modelNotice && <p className="chat-note">{reply.modelNotice}</p>}
              </div>
            )}
            {reply.answers.map((a) => (
              <AnswerCard key={a.procedureCode} answer={a} reply={reply} handlers={handlers} />
            ))}
          </>
        );
      case 'info':
        return (
          <>
            <p className="chat-reply-text">{reply.text}</p>
            <Actions actions={reply.actions} reply={reply} speech={speech} handlers={handlers} />
          </>
        );
      case 'clarification':
        return (
          <>
            <p className="chat-reply-text">{reply.text}</p>
            <div className="chat-choices" role="group" aria-label={reply.text}>
              {reply.choices.map((c) => (
                <button key={c.ask} type="button" className="choice" data-testid="clarify-choice" data-ask={c.ask} onClick={() => handlers.ask(c.ask, c.label)}>
                  {c.label}
                </button>
              ))}
            </div>
            <Actions actions={[{ kind: 'read-aloud', label: '' }]} reply={reply} speech={speech} handlers={handlers} />
          </>
        );
      case 'refusal':
        return (
          <>
            <p className="chat-reply-text" data-testid="refusal-text">{reply.text}</p>
            <section className="chat-go-instead">
              <h2>{t('assistant.goInstead', { lng: reply.lang })}</h2>
              <p data-testid="go-instead">{reply.goInstead}</p>
            </section>
            <Actions actions={reply.actions} reply={reply} speech={speech} handlers={handlers} />
          </>
        );
    }
  })();
  return (
    <div className={`chat-reply chat-reply-${reply.kind}`} data-testid="reply" data-kind={reply.kind} data-intent={reply.intent} lang={reply.lang}>
      {body}
      <LanguageOffer reply={reply} />
    </div>
  );
}
