import { ok, type Result } from '../../../common/result';
import { validateForm, type FieldProblem, type FormAnswers } from './form-validation';
import { consentedSession, procedureOf, today, type JourneyDeps, type JourneyError } from './journey-context';

// The procedure's form: answers suggested from the card, and the check of what was typed.

export class FormSteps {
  constructor(private readonly d: JourneyDeps) {}

  /**
   * Answers prefilled from the card for the procedure's form: only fields that are plainly
   * the applicant's own (by their id), so the citizen checks a suggestion, not a guess.
   */
  prefill(sessionId: string, procedureCode: string): Result<FormAnswers, JourneyError> {
    const s = consentedSession(this.d, sessionId);
    if (!s.ok) return s;
    const p = procedureOf(this.d, procedureCode);
    if (!p.ok) return p;
    const identity = s.value.identity;
    if (!identity) return ok({});
    const ids = new Set(p.value.formFields.map((f) => f.id));
    const out: FormAnswers = {};
    const own: Record<string, string | null> = {
      fullName: identity.fullName,
      applicantName: identity.fullName,
      dateOfBirth: identity.dateOfBirth,
      idNumber: identity.idNumber,
      permanentAddress: identity.address,
    };
    for (const [id, value] of Object.entries(own)) if (ids.has(id) && value) out[id] = value;
    // Birth registration: most often a parent registers; the card says which one.
    const relation = p.value.formFields.find((f) => f.id === 'relation');
    if (relation?.options && identity.sex) {
      const parent = identity.sex === 'female' ? { rel: 'me', field: 'motherName' } : { rel: 'cha', field: 'fatherName' };
      if (relation.options.some((o) => o.value === parent.rel) && ids.has(parent.field)) {
        out['relation'] = parent.rel;
        out[parent.field] = identity.fullName;
      }
    }
    return ok(out);
  }

  validate(procedureCode: string, answers: FormAnswers): Result<FieldProblem[], JourneyError> {
    const p = procedureOf(this.d, procedureCode);
    if (!p.ok) return p;
    return ok(validateForm(p.value.formFields, answers, today(this.d)));
  }
}
