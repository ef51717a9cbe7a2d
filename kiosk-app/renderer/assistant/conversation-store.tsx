import { createContext, useContext, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import type { AssistantReply } from '../../api/assistant-router';

// The conversation belongs to the citizen session, not to the chat screen: tapping "start
// the dossier" and coming back finds it still there. The provider sits inside the session
// tree, which is keyed on the session number, so it is wiped when the session ends.

export interface Entry {
  readonly id: number;
  /** What the citizen sees they asked (a tapped choice shows its label, not its code). */
  readonly shown: string;
  readonly ask: string;
  readonly state: { readonly kind: 'pending' } | { readonly kind: 'done'; readonly reply: AssistantReply } | { readonly kind: 'error' };
}

type Store = readonly [readonly Entry[], Dispatch<SetStateAction<readonly Entry[]>>];

const ConversationContext = createContext<Store | null>(null);

export function ConversationProvider({ children }: { children: ReactNode }) {
  const store = useState<readonly Entry[]>([]);
  return <ConversationContext.Provider value={store}>{children}</ConversationContext.Provider>;
}

/** The session's conversation; outside a provider (tests, previews) a screen-local one. */
export function useConversation(): Store {
  const shared = useContext(ConversationContext);
  const local = useState<readonly Entry[]>([]);
  return shared ?? local;
}

export function nextEntryId(entries: readonly Entry[]): number {
  return entries.reduce((max, e) => Math.max(max, e.id), 0) + 1;
}
