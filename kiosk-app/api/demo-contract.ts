// What the demo and training controls accept, owned by the api. The simulators and the city
// sandbox have the same lists (core/demo/demo-controls.ts has the compiler hold them equal),
// but the api does not import either: they are devices and sync, not the contract.

/** Points where the simulated card terminal can stop answering, in protocol order. */
export const DEMO_TERMINAL_DIE_STEPS = ['after-enq', 'after-request', 'after-request-ack', 'after-pos-eot', 'after-charge', 'after-reply-enq', 'mid-reply', 'before-eot'] as const;
export type DemoTerminalDieStep = (typeof DEMO_TERMINAL_DIE_STEPS)[number];

/** The statuses the city's TTHC system gives a dossier (city-gateway-api.md), as the trainer sets them. */
export const DEMO_CITY_STATUSES = ['submitted', 'received', 'not_accepted', 'processing', 'needs_supplement', 'needs_payment', 'withdrawal_requested', 'stopped', 'completed', 'returned'] as const;
export type DemoCityStatus = (typeof DEMO_CITY_STATUSES)[number];
