import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../../common/languages';
import { createAssistant } from './assistant';
import { assistantReplySchema, type AssistantReply } from './reply-schema';
import { realData } from './test-fixtures';

const { catalog, knowledge } = realData();
const assistant = createAssistant({ catalog, knowledge });
const ask = (q: string, lang?: Language) => assistant.askOffline(q, lang ? { lang } : {});
const answered = (r: AssistantReply) => (r.kind === 'answer' ? r.answers.map((a) => a.procedureCode) : []);

describe('assistant: the issue\'s examples', () => {
  it('a grandmother without accents gets birth registration', () => {
    const r = ask('con toi moi sinh can lam giay to gi');
    expect(answered(r)).toEqual(['1.001193']);
    expect(r.lang).toBe('vi');
    expect(r.kind === 'answer' && r.answers[0]!.focus).toBe('papers');
  });

  it('the old word "nhập hộ khẩu" finds permanent residence', () => {
    expect(answered(ask('nhập hộ khẩu'))).toEqual(['1.004222']);
    expect(answered(ask('nhap ho khau'))).toEqual(['1.004222']);
  });

  it('a Korean question is answered in Korean', () => {
    const r = ask('아기 출생신고는 어떻게 하나요?');
    expect(answered(r)).toEqual(['1.001193']);
    expect(r.lang).toBe('ko');
    expect(r.kind === 'answer' && r.answers[0]!.title).toContain('출생');
  });

  it('the weather is declined with where to go instead', () => {
    const r = ask('thời tiết hôm nay thế nào');
    expect(r.kind).toBe('refusal');
    if (r.kind === 'refusal') {
      expect(r.reason).toBe('out-of-scope');
      expect(r.goInstead).toContain('dichvucong.gov.vn');
      expect(r.goInstead).toContain('Trung tâm Phục vụ hành chính công Hà Nội');
      expect(r.goInstead).not.toMatch(/1900\s?\d/);
    }
  });
});

describe('assistant: retrieval', () => {
  it.each([
    ['dang ki khai sihn', '1.001193'],
    ['đăng ký thuờng chú', '1.004222'],
    ['giay doc than', '1.004873'],
    ['công chứng bản sao', '2.000815'],
    ['làm căn cước lần đầu', '2.000200'],
    ['đổi bằng lái', '3.000346'],
    ['làm hộ chiếu', '1.001456'],
    ['lý lịch tư pháp', '3.000333'],
    ['đăng ký kinh doanh', '1.001612'],
    ['pasport aplication', '1.001456'],
    ['出生届', '1.001193'],
    ['办护照要多少钱', '1.001456'],
    ['déclaration de décès', '1.000656'],
  ])('%s → %s', (q, code) => {
    expect(answered(ask(q))).toEqual([code]);
  });

  it('tells "cần" (need) from "căn" (as in căn cước) when marks are typed', () => {
    expect(answered(ask('bố tôi mất cần làm giấy tờ gì'))).toEqual(['1.000656']);
  });

  it('answers both procedures of a compound question', () => {
    const r = ask('khai sinh và nhập hộ khẩu cho con');
    expect(answered(r).sort()).toEqual(['1.001193', '1.004222']);
    expect(r.kind === 'answer' && r.intro).toBeTruthy();
    expect(answered(ask('passport and criminal record certificate')).sort()).toEqual(['1.001456', '3.000333']);
  });

  it('does not split one procedure into two because its words overlap another', () => {
    expect(answered(ask('extend my temporary residence'))).toEqual(['1.002755']);
    expect(answered(ask('身分証明書をなくしました'))).toEqual(['2.001194']);
  });

  it('asks a short question with 2–4 tappable choices instead of guessing', () => {
    const r = ask('căn cước');
    expect(r.kind).toBe('clarification');
    if (r.kind === 'clarification') {
      expect(r.choices.length).toBeGreaterThanOrEqual(2);
      expect(r.choices.length).toBeLessThanOrEqual(4);
      expect(r.choices.map((c) => c.ask)).toEqual(expect.arrayContaining(['2.000200', '2.001195', '2.001194']));
      // A tapped choice answers directly.
      expect(answered(ask(r.choices[1]!.ask))).toEqual([r.choices[1]!.ask]);
    }
  });

  it('recognises the non-procedure intents in every language', () => {
    expect(ask('cho tôi lấy số thứ tự').intent).toBe('queue-number');
    expect(ask('check the status of my application').intent).toBe('lookup-dossier');
    expect(ask('办公时间是几点').intent).toBe('hours-places');
    expect(ask('안녕하세요').intent).toBe('greeting');
    expect(ask('係の人と話したい').intent).toBe('human-help');
    expect(ask('combien coûtent les démarches').intent).toBe('fees-general');
    for (const q of ['明天天气怎么样', '축구 경기 결과', 'ローンを組みたい', 'résultat du match de foot', 'I need a personal loan']) {
      expect(ask(q).kind, q).toBe('refusal');
    }
  });

  it('a procedure named with a fee question is answered, fee first, not the general fee intent', () => {
    const r = ask('lệ phí làm hộ chiếu bao nhiêu');
    expect(answered(r)).toEqual(['1.001456']);
    expect(r.kind === 'answer' && r.answers[0]!.sections[0]!.kind).toBe('fee');
  });

  it('a follow-up about the fee keeps the procedure of the conversation', () => {
    const r = assistant.askOffline('còn lệ phí thì bao nhiêu?', {
      conversation: [
        { role: 'user', text: 'làm hộ chiếu' },
        { role: 'assistant', text: '…', procedureCodes: ['1.001456'] },
      ],
    });
    expect(answered(r)).toEqual(['1.001456']);
    expect(r.kind === 'answer' && r.answers[0]!.focus).toBe('fee');
  });

  it('declines what matches nothing, without guessing', () => {
    const r = ask('xyzzy qwerty');
    expect(r.kind).toBe('refusal');
    expect(r.kind === 'refusal' && r.reason).toBe('no-match');
  });

  it('detects the language by script and vocabulary', () => {
    const lang = (q: string) => assistant.index.detectLanguage(q).lang;
    expect(lang('con toi moi sinh')).toBe('vi');
    expect(lang('how do I register a birth')).toBe('en');
    expect(lang('comment déclarer une naissance')).toBe('fr');
    expect(lang('出生登记')).toBe('zh');
    expect(lang('死亡届')).toBe('ja');
    expect(lang('出生届を出したい')).toBe('ja');
    expect(lang('출생신고')).toBe('ko');
  });

  it('uses the screen language when the question does not tell', () => {
    expect(assistant.askOffline('1.001193', { lang: 'fr' }).lang).toBe('fr');
    expect(assistant.askOffline('CT01', { lang: 'ja' }).lang).toBe('ja');
  });

  it('ranks candidates with confidences in [0, 1], best first, and every reply fits the schema', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom(...LANGUAGES), (q, lang) => {
        const r = assistant.askOffline(q, { lang });
        assistantReplySchema.parse(r);
        const c = r.candidates.map((x) => x.confidence);
        expect(c.every((x) => x >= 0 && x <= 1)).toBe(true);
        expect([...c].sort((a, b) => b - a)).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });
});
