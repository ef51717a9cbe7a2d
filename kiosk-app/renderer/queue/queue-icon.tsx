/** A numbered ticket, drawn like the shared icons (follows the text colour in both themes). */
export function QueueIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M3 6h18v4a2 2 0 0 0 0 4v4H3v-4a2 2 0 0 0 0-4zM15 6v12" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinejoin="round" />
      <path d="M7 10h4M7 14h4" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" />
    </svg>
  );
}
