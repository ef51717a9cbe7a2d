// What the maintenance api accepts, owned by the api; the maintenance service reads it from here.

/** A maintenance session token: 32 random bytes, hex. */
export const TOKEN_HEX_LENGTH = 64;

/** The devices a technician can test from the panel. */
export const DEVICE_KINDS = ['printer', 'a4', 'scanner', 'idreader', 'terminal'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
