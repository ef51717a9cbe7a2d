// Fault injection for the sandbox, from a spec like
//   "error=0.1:503,burst429=0.05:3:2,latency=20-80,drop=0.05,stall=0.02,malformed=0.05,only=/v1/dossiers"
// error=P[:STATUS]        answer STATUS (default 503) with probability P
// burst429=P[:N[:SECS]]   with probability P start N consecutive 429s carrying Retry-After: SECS
// latency=MS | MIN-MAX    added delay before handling
// drop=P                  destroy the connection (mid-body when there is a body)
// stall=P                 never answer (the client must time out)
// malformed=P             answer 200 with a truncated JSON body (after the request was applied)
// only=PREFIX             apply faults only to paths starting with PREFIX (repeatable with |)
import * as z from 'zod';

export interface FaultSpec {
  errorRate: number;
  errorStatus: number;
  burst429Rate: number;
  burst429Length: number;
  retryAfterSeconds: number;
  latencyMinMs: number;
  latencyMaxMs: number;
  dropRate: number;
  stallRate: number;
  malformedRate: number;
  only: string[];
}

export const NO_FAULTS: FaultSpec = {
  errorRate: 0, errorStatus: 503, burst429Rate: 0, burst429Length: 3, retryAfterSeconds: 1, latencyMinMs: 0, latencyMaxMs: 0,
  dropRate: 0, stallRate: 0, malformedRate: 0, only: [],
};

const prob = z.coerce.number().min(0).max(1);

export function parseFaultSpec(spec: string): { ok: true; value: FaultSpec } | { ok: false; error: string } {
  const f: FaultSpec = { ...NO_FAULTS, only: [] };
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, raw = ''] = part.split('=', 2) as [string, string?];
    const args = raw.split(':');
    try {
      switch (name) {
        case 'error':
          f.errorRate = prob.parse(args[0]);
          if (args[1]) f.errorStatus = z.coerce.number().int().min(400).max(599).parse(args[1]);
          break;
        case 'burst429':
          f.burst429Rate = prob.parse(args[0]);
          if (args[1]) f.burst429Length = z.coerce.number().int().min(1).max(100).parse(args[1]);
          if (args[2]) f.retryAfterSeconds = z.coerce.number().int().min(0).max(3600).parse(args[2]);
          break;
        case 'latency': {
          const [a, b] = raw.split('-');
          f.latencyMinMs = z.coerce.number().int().min(0).parse(a);
          f.latencyMaxMs = b === undefined ? f.latencyMinMs : z.coerce.number().int().min(f.latencyMinMs).parse(b);
          break;
        }
        case 'drop':
          f.dropRate = prob.parse(args[0]);
          break;
        case 'stall':
          f.stallRate = prob.parse(args[0]);
          break;
        case 'malformed':
          f.malformedRate = prob.parse(args[0]);
          break;
        case 'only':
          f.only = raw.split('|').filter(Boolean);
          break;
        default:
          return { ok: false, error: `unknown fault "${name}"` };
      }
    } catch {
      return { ok: false, error: `bad value in "${part}"` };
    }
  }
  return { ok: true, value: f };
}
