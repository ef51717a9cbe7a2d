import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { useDesk } from './desk-context';
import { DeskIcon } from './desk-icon';
import type { Notice } from './desk-notice';
import { walkInPhone } from './day-row-view';
import { ProcedurePicker, type PickedProcedure } from './procedure-picker';
import { useStaffErrorText } from './staff-error-text';

/** A citizen who came without booking: name, procedure, phone if they want; into the same list. */
export function WalkInForm({ onAdded }: { onAdded(notice: Notice): void }) {
  const { t } = useTranslation();
  const desk = useDesk();
  const ids = useId();
  const errorText = useStaffErrorText('walkIn');
  const [name, setName] = useState('');
  const [procedure, setProcedure] = useState<PickedProcedure | null>(null);
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const fullName = name.trim();
    const tel = walkInPhone(phone);
    if (fullName.length < 2) return setProblem(t('staff.walkIn.needName'));
    if (!procedure) return setProblem(t('staff.walkIn.needProcedure'));
    if (tel === null) return setProblem(t('staff.walkIn.badPhone'));
    setBusy(true);
    setProblem(null);
    const r = await desk.call(api.staff.addWalkIn.mutate({ fullName, procedureCode: procedure.code, ...(tel ? { phone: tel } : {}) }));
    setBusy(false);
    if (!r.ok) return setProblem(errorText(r.error));
    setName('');
    setPhone('');
    setProcedure(null);
    setGeneration((g) => g + 1);
    onAdded({ kind: 'ok', text: t('staff.walkIn.added', { name: r.value.citizen.fullName }) });
  };

  return (
    <form className="desk-walkin card" onSubmit={(e) => void add(e)} noValidate>
      <h2>{t('staff.walkIn.title')}</h2>
      <div className="desk-walkin-fields">
        <div>
          <label className="field-label" htmlFor={`${ids}-name`}>{t('staff.walkIn.name')}</label>
          <input id={`${ids}-name`} className="desk-input" data-testid="walkin-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={100} lang="vi" />
        </div>
        <div>
          <label className="field-label" htmlFor={`${ids}-procedure`}>{t('staff.walkIn.procedure')}</label>
          <ProcedurePicker key={generation} id={`${ids}-procedure`} value={procedure} onChange={setProcedure} />
        </div>
        <div>
          <label className="field-label" htmlFor={`${ids}-phone`}>{t('staff.walkIn.phone')}</label>
          <input id={`${ids}-phone`} className="desk-input" data-testid="walkin-phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="off" maxLength={20} />
        </div>
        <button type="submit" className="desk-button primary desk-walkin-add" data-testid="walkin-add" disabled={busy}>
          <DeskIcon name="plus" />
          {t('staff.walkIn.add')}
        </button>
      </div>
      {problem && <p className="error-box" role="alert" data-testid="walkin-error">{problem}</p>}
    </form>
  );
}
