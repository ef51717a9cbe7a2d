// The desk's inline SVG icons (as components/icons.tsx: no emoji font needed, the text colour
// in every theme). A status always has its icon and its words, never colour alone.
const PATHS = {
  lock: 'M6 11h12v10H6zM8.5 11V7.5a3.5 3.5 0 0 1 7 0V11',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3.5 2',
  check: 'M4 12.5 9.5 18 20 6',
  cross: 'M5 5l14 14M19 5 5 19',
  slash: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM5.6 5.6l12.8 12.8',
  'double-check': 'M2 13l5 5L17 7M10 16.5l1.5 1.5L22 7',
  refresh: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  card: 'M3 6h18v12H3zM7 10h4M7 14h7M15.5 9.5h2.5v3h-2.5z',
  plus: 'M12 5v14M5 12h14',
  upload: 'M12 16V5M7 10l5-5 5 5M5 19h14',
} as const;

export type DeskIconName = keyof typeof PATHS;

export function DeskIcon({ name }: { name: DeskIconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
