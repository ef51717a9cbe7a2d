// A speech-bubble icon drawn like components/icons.tsx (inline SVG, follows the text colour).
export function AssistantIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path
        d="M4 4h16v11H9l-5 4zM8 8.5h8M8 11.5h5"
        fill="none"
        stroke="currentColor"
        strokeWidth={2.2}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
