import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUID (v7), created on the kiosk; doubles as the idempotency key. */
export function newId(): string {
  return uuidv7();
}
