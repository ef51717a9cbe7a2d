import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

// Per-citizen display preferences. They live inside the session tree, so the next
// citizen starts from the defaults again.
export type TextSize = 1 | 2 | 3;

interface Preferences {
  readonly textSize: TextSize;
  readonly highContrast: boolean;
  setTextSize(size: TextSize): void;
  setHighContrast(on: boolean): void;
}

const PreferencesContext = createContext<Preferences | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [textSize, setTextSize] = useState<TextSize>(1);
  const [highContrast, setHighContrast] = useState(false);
  useEffect(() => {
    const html = document.documentElement;
    html.dataset['textSize'] = String(textSize);
    html.dataset['theme'] = highContrast ? 'contrast' : 'standard';
  }, [textSize, highContrast]);
  useEffect(
    () => () => {
      document.documentElement.dataset['textSize'] = '1';
      document.documentElement.dataset['theme'] = 'standard';
    },
    [],
  );
  return (
    <PreferencesContext.Provider value={{ textSize, highContrast, setTextSize, setHighContrast }}>
      {children}
    </PreferencesContext.Provider>
  );
}

export function usePreferences(): Preferences {
  const p = useContext(PreferencesContext);
  if (!p) throw new Error('usePreferences outside PreferencesProvider');
  return p;
}
