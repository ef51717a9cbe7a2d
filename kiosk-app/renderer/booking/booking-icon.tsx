/** A calendar page with a tick: "book a time", drawn like the shared icons. */
export function BookingIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M3 6h18v15H3zM3 10h18M8 3v5M16 3v5" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinejoin="round" strokeLinecap="round" />
      <path d="m8.5 15.5 2.5 2.5 4.5-4.5" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
