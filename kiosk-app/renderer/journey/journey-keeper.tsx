import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createActor } from 'xstate';
import { api } from '../api-client/api-client';
import { SessionContext, useSession, type SessionControls } from '../session/session-context';
import type { Screen } from '../session/session-machine';
import { apiActors } from './journey-actors';
import { isBackLocked, journeyMachine, type JourneyActor } from './journey-machine';

// Keeps the citizen's journey alive while its screen is covered (the language choice sits
// on top of it and comes back), and ends it — machine stopped, core session wiped — when
// the journey leaves the screen stack or the citizen session ends. It also turns the top
// bar's "back" into the journey's own step back, so a tap on it never throws a form away.

interface Running {
  readonly code: string;
  readonly actor: JourneyActor;
}

interface Keeper {
  /** The journey of this procedure, started if there is none. */
  actorFor(code: string, requiredPapers: string[]): JourneyActor;
  /** The journey screen is on top (its back button is the journey's). */
  setVisible(visible: boolean): void;
}

const KeeperContext = createContext<Keeper | null>(null);

export function useJourneyKeeper(): Keeper {
  const k = useContext(KeeperContext);
  if (!k) throw new Error('useJourneyKeeper outside JourneyKeeper');
  return k;
}

function end(running: Running | null): void {
  if (!running) return;
  const sessionId = running.actor.getSnapshot().context.sessionId;
  running.actor.stop();
  // Everything of the citizen held by the core (identity, scans) is wiped with the session.
  if (sessionId) void api.journey.endSession.mutate({ sessionId }).catch(() => undefined);
}

export function JourneyKeeper({ stack, children }: { stack: readonly Screen[]; children: ReactNode }) {
  const outer = useSession();
  const running = useRef<Running | null>(null);
  const [visible, setVisible] = useState(false);
  const [, setTick] = useState(0);

  const codes = stack.filter((s): s is Extract<Screen, { name: 'journey' }> => s.name === 'journey').map((s) => s.code);
  useEffect(() => {
    if (running.current && !codes.includes(running.current.code)) {
      end(running.current);
      running.current = null;
    }
  });
  // The citizen session ended (finish, idle timeout): nothing of this journey survives.
  useEffect(
    () => () => {
      end(running.current);
      running.current = null;
    },
    [],
  );

  // Re-render when the journey moves, so the top bar's back button follows it.
  const actor = running.current?.actor ?? null;
  useEffect(() => {
    if (!actor) return;
    const sub = actor.subscribe(() => setTick((n) => n + 1));
    return () => sub.unsubscribe();
  }, [actor]);

  const keeper = useMemo<Keeper>(
    () => ({
      actorFor(code, requiredPapers) {
        const r = running.current;
        if (r && r.code === code && r.actor.getSnapshot().status === 'active') return r.actor;
        end(r);
        const created = createActor(journeyMachine.provide({ actors: apiActors() }), { input: { procedureCode: code, requiredPapers } });
        running.current = { code, actor: created };
        created.start();
        return created;
      },
      setVisible,
    }),
    [],
  );

  const snapshot = visible ? running.current?.actor.getSnapshot() : undefined;
  const journeyBack = snapshot ? snapshot.can({ type: 'BACK' }) : false;
  // After submitting, or with a payment in flight or unresolved, "back" would only lose what matters.
  const locked = snapshot ? isBackLocked(snapshot) : false;
  const controls: SessionControls = {
    ...outer,
    back: () => {
      if (journeyBack) running.current!.actor.send({ type: 'BACK' });
      else if (!locked) outer.back();
    },
    canGoBack: journeyBack || (!locked && outer.canGoBack),
  };
  return (
    <KeeperContext.Provider value={keeper}>
      <SessionContext.Provider value={controls}>{children}</SessionContext.Provider>
    </KeeperContext.Provider>
  );
}
