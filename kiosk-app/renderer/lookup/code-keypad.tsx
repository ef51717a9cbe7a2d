import { useTranslation } from 'react-i18next';
import KeyboardReact from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';

// A receipt code mixes digits, capital letters, dots and dashes (H26.99-261123-0001,
// K-7Q2MX-4PZ9C): neither the text keyboard (no digits) nor the number pad fits, so this pad
// has exactly those keys, drawn like the shared keyboard.

const LAYOUT = {
  default: ['1 2 3 4 5 6 7 8 9 0', 'Q W E R T Y U I O P', 'A S D F G H J K L -', 'Z X C V B N M . {bksp}', '{done}'],
};
const KEYS = LAYOUT.default.join(' ');

export function CodeKeypad({ value, onChange, onDone, maxLength = 40 }: { value: string; onChange(v: string): void; onDone(): void; maxLength?: number }) {
  const { t } = useTranslation();
  const press = (button: string) => {
    if (button === '{bksp}') return onChange(value.slice(0, -1));
    if (button === '{done}') return onDone();
    if (value.length >= maxLength) return;
    onChange(value + button);
  };
  return (
    <div className="osk osk-code" data-testid="keyboard-code">
      <KeyboardReact
        layout={LAYOUT}
        display={{ '{bksp}': `⌫ ${t('keyboard.delete')}`, '{done}': t('lookup.search') }}
        onKeyPress={press}
        useButtonTag
        disableButtonHold
        physicalKeyboardHighlight={false}
        preventMouseDownDefault
        buttonAttributes={[{ attribute: 'type', value: 'button', buttons: KEYS }]}
        theme="hg-theme-default osk-theme"
      />
    </div>
  );
}
