/** The report's words and colours: both languages complete, colours stable by serial and distinct. */
import t from 'tap';

import { cameraStyles, OKABE_ITO } from '../../src/report/html/colors.js';
import { reportLabels } from '../../src/report/html/labels.js';

t.test('English and Japanese labels: the same keys, none empty, Japanese where words are shown', async (t) => {
  const en = reportLabels('en') as unknown as Record<string, unknown>;
  const ja = reportLabels('ja') as unknown as Record<string, unknown>;
  t.same(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(ja)) {
    const text = typeof v === 'function' ? String((v as (...a: number[]) => string)(10, 20, 2)) : String(v);
    t.ok(text.length > 0, `${k} not empty`);
    if (k !== 'htmlLang' && text !== String(typeof en[k] === 'function' ? (en[k] as (...a: number[]) => string)(10, 20, 2) : en[k])) {
      // Every label that differs from English must be Japanese text, not an untranslated copy.
      t.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/, `${k} is Japanese`);
    }
  }
  t.equal(ja.beyondRange && String(ja.beyondRange).includes('{n}'), true, 'the count placeholder survives translation');
});

t.test('camera colours: Okabe–Ito, stable by serial whatever the order, distinct for 8 cameras', async (t) => {
  const serials = ['S8', 'S3', 'S1', 'S5', 'S2', 'S7', 'S4', 'S6'];
  const a = cameraStyles(serials);
  const b = cameraStyles([...serials].reverse());
  for (const s of serials) t.same(a.get(s), b.get(s), `${s} keeps its colour`);
  t.equal(new Set([...a.values()].map((x) => x.color)).size, 8);
  t.ok([...a.values()].every((x) => (OKABE_ITO as readonly string[]).includes(x.color)));
  const nine = cameraStyles([...serials, 'S9']);
  t.notSame(nine.get('S9')?.dash, nine.get('S1')?.dash, 'a ninth camera differs by dash pattern');
});
