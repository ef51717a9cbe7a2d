import { useCallback, useState, type KeyboardEvent } from 'react';
import { imeKeydown, IME_METHODS, type ImeMethod } from './ime-keys';

// The clerk's typing method (Telex, VNI or off), remembered on this machine for the next
// dossier, and the keydown handler that applies it to a text input (ime-keys.ts): a key the
// method transforms is taken and the field's text and caret set; any other key is the browser's.

const STORAGE_KEY = 'assisted.ime';

function remembered(): ImeMethod {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return (IME_METHODS as readonly string[]).includes(v ?? '') ? (v as ImeMethod) : 'telex';
  } catch {
    return 'telex';
  }
}

export function useImeMethod(): [ImeMethod, (m: ImeMethod) => void] {
  const [method, setMethod] = useState<ImeMethod>(remembered);
  const choose = useCallback((m: ImeMethod) => {
    setMethod(m);
    try {
      window.localStorage.setItem(STORAGE_KEY, m);
    } catch {
      // A window without storage still types; it only forgets the choice.
    }
  }, []);
  return [method, choose];
}

/**
 * The keydown of a text input typed with `method`: the transformed text and its caret are set
 * on the input at once, and the text goes to `onChange`.
 */
export function imeKeyDown(method: ImeMethod, onChange: (text: string) => void) {
  return (e: KeyboardEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const next = imeKeydown(
      { text: input.value, start: input.selectionStart ?? input.value.length, end: input.selectionEnd ?? input.value.length },
      { key: e.key, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, isComposing: e.nativeEvent.isComposing },
      method,
    );
    if (!next) return;
    if (input.maxLength > 0 && [...next.text].length > input.maxLength) return;
    e.preventDefault();
    // The text and caret are set here, before the next key: React then renders the same value
    // and leaves the caret where it is (a fast typist's next key lands in the right place).
    input.value = next.text;
    input.setSelectionRange(next.start, next.end);
    onChange(next.text);
  };
}
