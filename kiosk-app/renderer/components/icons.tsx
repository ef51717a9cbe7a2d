// Inline SVG icons: they render on every machine (no emoji font needed) and follow
// the text colour in both themes.
const PATHS = {
  home: 'M3 11 12 3l9 8v10h-6v-6H9v6H3z',
  back: 'M10 5 3 12l7 7M3 12h18',
  globe: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 0c3 3 4 6.5 4 10s-1 7-4 10m0-20C9 5 8 8.5 8 12s1 7 4 10M2 12h20M4 6.5h16M4 17.5h16',
  text: 'M4 19 10 4h1l6 15M6.5 13h8M17 10h5M19.5 7.5v5',
  contrast: 'M12 2a10 10 0 1 0 0 20V2z',
  speaker: 'M4 9h4l5-4v14l-5-4H4zM16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12',
  search: 'M10.5 3a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM16 16l6 6',
  grid: 'M3 3h7v7H3zM14 3h7v7h-7zM3 14h7v7H3zM14 14h7v7h-7z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  const filled = name === 'contrast' || name === 'home';
  return (
    <svg className="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth={filled ? 0 : 2.2}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      {name === 'contrast' && <circle cx="12" cy="12" r="9.9" fill="none" stroke="currentColor" strokeWidth="2" />}
    </svg>
  );
}
