import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../common/languages';
import { createMemoryLogger } from '../../../common/logger';
import { createAssistant } from './assistant';
import { formatVnd } from '../../../common/money';
import { createOnlineModel, validateModelAnswer } from './online-model';
import { realData } from './test-fixtures';

// A local fake of an OpenAI-compatible chat endpoint on loopback: nothing leaves the machine.

type Behaviour = { content?: string; delayMs?: number; status?: number; raw?: string };
let behaviour: Behaviour = {};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the request body as the fake server parsed it
const requests: Array<{ url: string; auth?: string; body: any }> = [];
let server: Server;
let baseUrl = '';

function handle(req: IncomingMessage, res: ServerResponse) {
  let data = '';
  req.on('data', (c) => (data += c));
  req.on('end', () => {
    requests.push({ url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(data) });
    const send = () => {
      if (res.destroyed) return;
      if (behaviour.status && behaviour.status !== 200) {
        res.writeHead(behaviour.status).end('{"error":"boom"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(behaviour.raw ?? JSON.stringify({ choices: [{ message: { role: 'assistant', content: behaviour.content ?? '' } }] }));
    };
    if (behaviour.delayMs) setTimeout(send, behaviour.delayMs);
    else send();
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  behaviour = {};
  requests.length = 0;
});

const { catalog, knowledge } = realData();
const byCode = (c: string) => catalog.procedures.find((p) => p.code === c)!;

function makeAssistant(timeoutMs = 500) {
  const logger = createMemoryLogger();
  const assistant = createAssistant({
    catalog,
    knowledge,
    logger,
    onlineModel: createOnlineModel({ baseUrl, model: 'city-ai', apiKey: 'test-key', timeoutMs }),
  });
  return { assistant, logger };
}

const FAITHFUL =
  'Để nhập hộ khẩu (đăng ký thường trú), bạn cần Tờ khai CT01 và giấy tờ chứng minh chỗ ở hợp pháp. ' +
  'Lệ phí 20.000 đồng, nộp trực tuyến hoặc tại kiosk chỉ 10.000 đồng. Thời hạn 7 ngày làm việc.';

describe('online model', () => {
  it('shows a faithful answer, sent with the retrieved procedures as grounding', async () => {
    behaviour = { content: FAITHFUL };
    const { assistant } = makeAssistant();
    const r = await assistant.ask('nhập hộ khẩu cần gì');
    expect(r.source).toBe('online-model');
    expect(r.kind === 'answer' && r.modelText).toBe(FAITHFUL);
    expect(r.kind === 'answer' && r.answers[0]!.procedureCode).toBe('1.004222');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('/v1/chat/completions');
    expect(requests[0]!.auth).toBe('Bearer test-key');
    expect(requests[0]!.body.model).toBe('city-ai');
    expect(requests[0]!.body.messages[0].content).toContain('20.000 đồng');
    expect(requests[0]!.body.messages[1].content).toBe('nhập hộ khẩu cần gì');
  });

  it.each([
    ['a wrong fee', FAITHFUL.replace('20.000', '25.000'), 'unknown-number'],
    ['a wrong day count', FAITHFUL.replace('7 ngày', '5 ngày'), 'wrong-day-count'],
    ['an invented paper', FAITHFUL + ' Nhớ mang theo sổ hộ khẩu bản gốc.', 'unknown-paper'],
  ])('falls back to the offline answer on %s', async (_name, content, problem) => {
    behaviour = { content };
    const { assistant, logger } = makeAssistant();
    const r = await assistant.ask('nhập hộ khẩu cần gì');
    expect(r.source).toBe('offline');
    expect(r.kind === 'answer' && r.modelText).toBeFalsy();
    expect(r.kind === 'answer' && r.answers[0]!.procedureCode).toBe('1.004222');
    expect(logger.lines.join('\n')).toContain(problem);
    // The log says what was wrong, never what the citizen asked.
    expect(logger.lines.join('\n')).not.toContain('nhập hộ khẩu');
  });

  it('falls back on a timeout, quickly', async () => {
    behaviour = { content: FAITHFUL, delayMs: 2000 };
    const { assistant, logger } = makeAssistant(150);
    const started = Date.now();
    const r = await assistant.ask('nhập hộ khẩu');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.source).toBe('offline');
    expect(r.kind).toBe('answer');
    expect(logger.lines.join('\n')).toContain('timeout');
  });

  it('falls back on an HTTP error, a non-JSON body, an empty answer or no server at all', async () => {
    for (const b of [{ status: 500 }, { raw: 'not json' }, { content: '' }]) {
      behaviour = b;
      const r = await makeAssistant().assistant.ask('làm hộ chiếu');
      expect(r.source).toBe('offline');
      expect(r.kind === 'answer' && r.answers[0]!.procedureCode).toBe('1.001456');
    }
    const closed = createAssistant({ catalog, knowledge, onlineModel: createOnlineModel({ baseUrl: 'http://127.0.0.1:9/v1', model: 'x', timeoutMs: 300 }) });
    expect((await closed.ask('làm hộ chiếu')).source).toBe('offline');
  });

  it('is not asked for refusals, clarifications or intents', async () => {
    behaviour = { content: 'Trời nắng.' };
    const { assistant } = makeAssistant();
    await assistant.ask('thời tiết hôm nay');
    await assistant.ask('căn cước');
    await assistant.ask('cho tôi lấy số thứ tự');
    expect(requests).toHaveLength(0);
  });

  it('uses an injected fetch', async () => {
    let called = 0;
    const fakeFetch = (async () => {
      called++;
      return new Response(JSON.stringify({ choices: [{ message: { content: 'Passport: 200,000 VND, up to 8 working days.' } }] }));
    }) as typeof fetch;
    const a = createAssistant({ catalog, knowledge, onlineModel: createOnlineModel({ baseUrl: 'http://model.invalid', model: 'm' }, { fetch: fakeFetch }) });
    const r = await a.ask('apply for a passport');
    expect(called).toBe(1);
    expect(r.source).toBe('online-model');
  });
});

describe('validateModelAnswer', () => {
  const g = (codes: string[], question = '') => ({ procedures: codes.map(byCode), knowledge, question });

  it('accepts amounts written in any of the six languages', () => {
    expect(validateModelAnswer('Lệ phí 20.000 đồng (10.000 đồng trực tuyến), 7 ngày làm việc.', g(['1.004222'])).ok).toBe(true);
    expect(validateModelAnswer('Fee 20,000 VND; 10,000 VND online; 7 working days.', g(['1.004222'])).ok).toBe(true);
    expect(validateModelAnswer('费用2万越南盾，网上办理1万越南盾，7个工作日。', g(['1.004222'])).ok).toBe(true);
    expect(validateModelAnswer('수수료 2만 동, 처리 기간 7영업일.', g(['1.004222'])).ok).toBe(true);
    expect(validateModelAnswer('手数料は20,000ドン、7営業日です。', g(['1.004222'])).ok).toBe(true);
    expect(validateModelAnswer('Frais : 20 000 VND, délai de 7 jours ouvrables.', g(['1.004222'])).ok).toBe(true);
  });

  it('rejects a wrong fee, a wrong day count and an invented paper', () => {
    expect(validateModelAnswer('Lệ phí 30.000 đồng.', g(['1.004222']))).toEqual({ ok: false, problems: [{ code: 'unknown-number', value: 30000 }] });
    const days = validateModelAnswer('Thời hạn 10 ngày làm việc.', g(['1.004222']));
    expect(days.ok).toBe(false);
    expect(!days.ok && days.problems.map((p) => p.code)).toContain('wrong-day-count');
    // 20 000 is this procedure's fee, but not a day count.
    const asDays = validateModelAnswer('Processing takes 10000 days.', g(['1.004222']));
    expect(!asDays.ok && asDays.problems.map((p) => p.code)).toEqual(['wrong-day-count']);
    expect(validateModelAnswer('You also need your household registration book.', g(['1.004222']))).toEqual({
      ok: false,
      problems: [{ code: 'unknown-paper', term: 'household registration book' }],
    });
    expect(validateModelAnswer('还需要户口本。', g(['1.004222'])).ok).toBe(false);
    expect(validateModelAnswer('住民票も必要です。', g(['1.004222'])).ok).toBe(false);
  });

  it('accepts papers the grounding names, and numbers the citizen gave', () => {
    expect(validateModelAnswer('Bring two 4x6 cm photos and the TK01 form.', g(['1.001456'])).ok).toBe(true);
    expect(validateModelAnswer('Con bạn 14 tuổi có thể làm căn cước.', g(['2.000200'], 'con tôi 14 tuổi')).ok).toBe(true);
    expect(validateModelAnswer('Bring two 4x6 cm photos.', g(['1.004222'])).ok).toBe(false);
  });
});

describe('validateModelAnswer against every grounded answer', () => {
  const assistant = createAssistant({ catalog, knowledge });
  for (const p of catalog.procedures) {
    it(`${p.code}: accepts the offline answer in every language, rejects it with a changed fee`, () => {
      for (const lang of LANGUAGES) {
        const r = assistant.askOffline(p.code, { lang });
        const text = r.kind === 'answer' ? r.answers[0]!.speech : '';
        expect(validateModelAnswer(text, { procedures: [p], knowledge, question: '' }), `${p.code}/${lang}`).toEqual({ ok: true });
        if (p.fee.kind === 'fixed') {
          const wrong = text.replace(formatVnd(p.fee.amount, lang), formatVnd(p.fee.amount + 3000, lang));
          expect(validateModelAnswer(wrong, { procedures: [p], knowledge, question: '' }).ok, `${p.code}/${lang}`).toBe(false);
        }
      }
    });
  }
});
