import { typeIntoText } from '../keyboard/vietnamese-input';

// Vietnamese typed on a hardware keyboard (Telex or VNI) into a real text input, as a pure
// function of the field's text, its caret or selection, and the key pressed. The screen calls
// it on keydown: a key it transforms is taken (the new text and caret set by the screen),
// anything else is left to the browser, so plain typing, Backspace, arrows and shortcuts stay
// native. The word transforms are renderer/keyboard/vietnamese-input.ts's.

export type ImeMethod = 'telex' | 'vni' | 'off';
export const IME_METHODS: readonly ImeMethod[] = ['telex', 'vni', 'off'];

/** A text input's text with its selection (start = end: a caret). */
export interface FieldText {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** What a keydown carries that matters here. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
  /** The system's own input method is composing: leave it alone. */
  readonly isComposing?: boolean;
}

/**
 * The field after `press`, when the typing method changes what the key would type; null when
 * the browser should type it as usual (no method, not a character, a shortcut, a space, or a
 * letter that the method leaves as it is).
 */
export function imeKeydown(field: FieldText, press: KeyPress, method: ImeMethod): FieldText | null {
  if (method === 'off' || press.isComposing || press.ctrlKey || press.altKey || press.metaKey) return null;
  if ([...press.key].length !== 1 || /\s/u.test(press.key)) return null;
  const before = field.text.slice(0, field.start);
  const after = field.text.slice(field.end);
  const typed = typeIntoText(before, press.key, method).normalize('NFC');
  if (typed === before + press.key) return null;
  return { text: typed + after, start: typed.length, end: typed.length };
}

/**
 * A sequence of keys into a field, as the screen and the browser together would type it:
 * the method's transform where it applies, the browser's own insertion otherwise.
 * `Backspace`, `ArrowLeft`, `ArrowRight`, `Home` and `End` move or delete as a text input does.
 */
export function typeKeys(keys: readonly string[], method: ImeMethod, from: FieldText = { text: '', start: 0, end: 0 }): FieldText {
  let f = from;
  for (const key of keys) {
    const changed = imeKeydown(f, { key }, method);
    if (changed) f = changed;
    else f = browserKey(f, key);
  }
  return f;
}

/** What a text input does with a key on its own. */
function browserKey(f: FieldText, key: string): FieldText {
  const at = (n: number) => ({ text: f.text, start: n, end: n });
  const chars = (s: string) => s.length;
  switch (key) {
    case 'Backspace': {
      if (f.start !== f.end) return { text: f.text.slice(0, f.start) + f.text.slice(f.end), start: f.start, end: f.start };
      if (f.start === 0) return f;
      const cut = chars([...f.text.slice(0, f.start)].at(-1)!);
      return { text: f.text.slice(0, f.start - cut) + f.text.slice(f.start), start: f.start - cut, end: f.start - cut };
    }
    case 'ArrowLeft':
      return at(Math.max(0, f.start - 1));
    case 'ArrowRight':
      return at(Math.min(f.text.length, f.end + 1));
    case 'Home':
      return at(0);
    case 'End':
      return at(f.text.length);
    default: {
      if ([...key].length !== 1) return f;
      const text = f.text.slice(0, f.start) + key + f.text.slice(f.end);
      return { text, start: f.start + key.length, end: f.start + key.length };
    }
  }
}

/** A string typed key by key (each character one key). */
export function typeText(keys: string, method: ImeMethod, from?: FieldText): string {
  return typeKeys([...keys], method, from).text;
}
