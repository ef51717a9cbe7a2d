/** A folder with a magnifier: "find my dossier", drawn like the shared icons. */
export function LookupIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M3 5h6l2 2h10v12H3z" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinejoin="round" />
      <circle cx="13" cy="13" r="3" fill="none" stroke="currentColor" strokeWidth={2} />
      <path d="m15.2 15.2 2.6 2.6" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" />
    </svg>
  );
}
