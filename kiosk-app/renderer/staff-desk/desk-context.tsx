import { createContext, useContext, type ReactNode } from 'react';
import type { StaffPermission } from '../../api/staff-contract';
import { settle, type Settled } from '../api-client/call-failure';
import type { Shift, SystemInfo } from './desk-types';
import { shiftEndedBy, type ShiftEnded } from './shift-guard';

// What every part of the desk shares: the shift, the point, and one way to call the api
// (a throw settled into a Result, and an answer saying the shift is no longer open puts the
// sign-in over the desk, whoever made the call).

export interface Desk {
  readonly shift: Shift;
  readonly info: SystemInfo;
  can(permission: StaffPermission): boolean;
  call<R>(answer: Promise<R>): Promise<Settled<R>>;
  /** A read answered that the shift is not open (the day list, the report). */
  ended(reason: ShiftEnded): void;
}

const DeskContext = createContext<Desk | null>(null);

export function DeskProvider({ shift, info, onEnded, children }: { shift: Shift; info: SystemInfo; onEnded(reason: ShiftEnded): void; children: ReactNode }) {
  const desk: Desk = {
    shift,
    info,
    can: (p) => shift.permissions.includes(p),
    call: async (answer) => {
      const r = await settle(answer);
      const reason = shiftEndedBy(r);
      if (reason) onEnded(reason);
      return r;
    },
    ended: onEnded,
  };
  return <DeskContext.Provider value={desk}>{children}</DeskContext.Provider>;
}

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside the staff desk');
  return desk;
}
