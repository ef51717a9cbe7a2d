import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import KeyboardReact from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import { toneLastWord, typeIntoText, type InputMethod, type Tone } from './vietnamese-input';

// The touch keyboard. Vietnamese letters with direct tone keys and vowel keys for people
// who do not know a typing method; Telex and VNI for those who do; a number pad for ID
// numbers and phones. react-simple-keyboard draws the keys as real <button>s.

export type KeyboardKind = 'text' | 'numeric';

const TEXT_LAYOUT = {
  default: [
    'q w e r t y u i o p {bksp}',
    'a s d f g h j k l',
    '{shift} z x c v b n m , .',
    '{tone-sac} {tone-huyen} {tone-hoi} {tone-nga} {tone-nang}',
    'â ă ê ô ơ ư đ',
    '{method} {space} {done}',
  ],
  shift: [
    'Q W E R T Y U I O P {bksp}',
    'A S D F G H J K L',
    '{shift} Z X C V B N M , .',
    '{tone-sac} {tone-huyen} {tone-hoi} {tone-nga} {tone-nang}',
    'Â Ă Ê Ô Ơ Ư Đ',
    '{method} {space} {done}',
  ],
};
const NUMERIC_LAYOUT = { default: ['1 2 3', '4 5 6', '7 8 9', '{bksp} 0 {done}'] };

const TONES: Record<string, Tone> = {
  '{tone-sac}': 'sac',
  '{tone-huyen}': 'huyen',
  '{tone-hoi}': 'hoi',
  '{tone-nga}': 'nga',
  '{tone-nang}': 'nang',
};

const METHODS: InputMethod[] = ['keys', 'telex', 'vni'];

export function OnScreenKeyboard({
  value,
  onChange,
  onDone,
  kind = 'text',
  maxLength = 120,
}: {
  value: string;
  onChange(value: string): void;
  onDone?(): void;
  kind?: KeyboardKind;
  maxLength?: number;
}) {
  const { t } = useTranslation();
  const [shift, setShift] = useState(false);
  const [method, setMethod] = useState<InputMethod>('keys');

  const press = (button: string) => {
    if (button === '{bksp}') return onChange([...value].slice(0, -1).join(''));
    if (button === '{shift}') return setShift(!shift);
    if (button === '{done}') return onDone?.();
    if (button === '{method}') return setMethod(METHODS[(METHODS.indexOf(method) + 1) % METHODS.length]!);
    const tone = TONES[button];
    if (tone) return onChange(toneLastWord(value, tone));
    if ([...value].length >= maxLength) return;
    if (button === '{space}') return onChange(value + ' ');
    const next = kind === 'numeric' ? value + button : typeIntoText(value, button, method);
    onChange(next.normalize('NFC'));
    if (shift) setShift(false);
  };

  const display: Record<string, string> = {
    '{bksp}': `⌫ ${t('keyboard.delete')}`,
    '{shift}': `⇧ ${t('keyboard.shift')}`,
    '{space}': t('keyboard.space'),
    '{done}': t('keyboard.done'),
    '{method}': t('keyboard.method', { method: t(`keyboard.methods.${method}`) }),
    '{tone-sac}': `á ${t('keyboard.tones.sac')}`,
    '{tone-huyen}': `à ${t('keyboard.tones.huyen')}`,
    '{tone-hoi}': `ả ${t('keyboard.tones.hoi')}`,
    '{tone-nga}': `ã ${t('keyboard.tones.nga')}`,
    '{tone-nang}': `ạ ${t('keyboard.tones.nang')}`,
  };

  return (
    <div className={`osk osk-${kind}`} data-testid={`keyboard-${kind}`} data-method={method}>
      <KeyboardReact
        layout={kind === 'numeric' ? NUMERIC_LAYOUT : TEXT_LAYOUT}
        layoutName={kind === 'numeric' || !shift ? 'default' : 'shift'}
        display={display}
        onKeyPress={press}
        useButtonTag
        disableButtonHold
        physicalKeyboardHighlight={false}
        preventMouseDownDefault
        buttonAttributes={[{ attribute: 'type', value: 'button', buttons: Object.keys(display).join(' ') + ' ' + 'q w e r t y u i o p a s d f g h j k l z x c v b n m , . â ă ê ô ơ ư đ Q W E R T Y U I O P A S D F G H J K L Z X C V B N M Â Ă Ê Ô Ơ Ư Đ 0 1 2 3 4 5 6 7 8 9' }]}
        theme="hg-theme-default osk-theme"
      />
    </div>
  );
}
