// pino-roll ships no types; this is the part of its API the kiosk uses (its README, v4).
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  export interface PinoRollOptions {
    file: string;
    extension?: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    symlink?: boolean;
    /** sonic-boom's: write synchronously. */
    sync?: boolean;
  }

  export interface RollStream extends DestinationStream {
    flushSync(): void;
    end(): void;
    once(event: 'close' | 'error', listener: () => void): this;
  }

  export default function pinoRoll(options: PinoRollOptions): Promise<RollStream>;
}
