import fc from 'fast-check';
import t from 'tap';
import {
  hostStatus,
  parseCurrentDataSet,
  parseDefaultDataSet,
  parseGrandmasterSettingsNp,
  parseParentDataSet,
  parsePmcSnapshot,
  parsePortDataSet,
  parseTimePropertiesDataSet,
  parseTimeStatusNp,
  tokenizePmcOutput,
} from '../../src/host/index.js';
import { allCaptureFiles, HOST, readCapture } from './fixtures/pmcFixtures.js';

const PARSERS = [
  parseCurrentDataSet,
  parseParentDataSet,
  parseDefaultDataSet,
  parseTimeStatusNp,
  parseGrandmasterSettingsNp,
  parsePortDataSet,
  parseTimePropertiesDataSet,
];

function parseEverything(text: string): void {
  tokenizePmcOutput(text);
  for (const p of PARSERS) p(text);
  hostStatus(parsePmcSnapshot(text));
}

t.test('synthetic shapes', async (t) => {
  const hdr = (rest: string): string => `\t${HOST}-0 seq 0 RESPONSE ${rest}\n`;
  t.match(tokenizePmcOutput(hdr('MANAGMENT CURRENT_DATA_SET ')).blocks, [{ kind: 'management', managementId: 'CURRENT_DATA_SET' }], 'pre-1.6 typo');
  t.match(tokenizePmcOutput(hdr('MANAGEMENT empty-tlv ')).blocks, [{ kind: 'empty-tlv' }]);
  t.match(tokenizePmcOutput(hdr('unknown-tlv ')).blocks, [{ kind: 'unknown-tlv' }]);
  t.match(tokenizePmcOutput(hdr('')).blocks, [{ kind: 'no-tlv' }]);
  // A header cut inside its ID is not taken for a shorter ID.
  const cut = tokenizePmcOutput(`\t${HOST}-0 seq 0 RESPONSE MANAGEMENT CURRENT_DA\n`);
  t.same(cut.blocks, []);
  t.equal(cut.unrecognized.length, 1);
  // Output cut mid-line: the last line is not used.
  const trunc = parseCurrentDataSet(`sending: GET CURRENT_DATA_SET\n${hdr('MANAGEMENT CURRENT_DATA_SET ')}\t\tstepsRemoved     1\n\t\toffsetFromMaster 12`);
  t.match(trunc, { ok: true, value: { stepsRemoved: 1, offsetFromMasterNs: null }, issues: [{ field: 'offsetFromMaster', problem: 'missing' }] });
  // Unknown and bad fields.
  const odd = parseCurrentDataSet(`${hdr('MANAGEMENT CURRENT_DATA_SET ')}\t\tstepsRemoved     x\n\t\toffsetFromMaster -3.5\n\t\tmeanPathDelay    7.0\n\t\tnewField   42\n`);
  t.match(odd, {
    ok: true,
    value: { stepsRemoved: null, offsetFromMasterNs: -3.5, meanPathDelayNs: 7, extra: { newField: '42' } },
    issues: [{ field: 'stepsRemoved', problem: 'unparsable', raw: 'x' }],
  });
  // CRLF tolerated.
  t.match(parseCurrentDataSet(`${hdr('MANAGEMENT CURRENT_DATA_SET ').replace('\n', '\r\n')}\t\tstepsRemoved 2\r\n`), { ok: true, value: { stepsRemoved: 2 } });
  // A reply whose seq belongs to another command is not used (correlation on (seq, ID)).
  const mis = `sending: GET PARENT_DATA_SET\nsending: GET CURRENT_DATA_SET\n${hdr('MANAGEMENT CURRENT_DATA_SET ')}\t\tstepsRemoved 0\n`;
  t.match(parseCurrentDataSet(mis), { ok: false, reason: 'no-reply' });
  t.match(parseCurrentDataSet('garbage\n'), { ok: false, reason: 'unparsable' });
  t.match(parseCurrentDataSet(''), { ok: false, reason: 'no-reply' });
  const gmState = parsePortDataSet(`${hdr('MANAGEMENT PORT_DATA_SET ')}\t\tportState  GRAND_MASTER\n\t\tlogSyncInterval 0\n`);
  t.match(gmState, { ok: true, value: [{ portState: null, logSyncInterval: 0 }] });
  t.ok(gmState.issues.some((i) => i.field === 'port 0: portState' && i.problem === 'unparsable' && i.raw === 'GRAND_MASTER'), 'unknown state reported');
  t.match(parsePortDataSet(`${hdr('MANAGEMENT PORT_DATA_SET ')}\t\tnothing  here\n`), { ok: false, reason: 'unparsable' });
});

t.test('hostStatus edge cases', async (t) => {
  const multi = readCapture('multi-slave.variant1.txt');
  const snap = parsePmcSnapshot(multi);
  const noParent = { ...snap, parentDataSet: parseParentDataSet('') };
  t.match(hostStatus(noParent), { role: 'slave', grandmasterIdentitySource: 'TIME_STATUS_NP', grandmasterIdentity: 'd26bb0.fffe.2a97fc' });
  const gm = parsePmcSnapshot(readCapture('multi-gm-peer.variant1.txt'));
  const gmOnlyDefault = { ...gm, parentDataSet: parseParentDataSet(''), timeStatusNp: parseTimeStatusNp(''), timePropertiesDataSet: parseTimePropertiesDataSet('') };
  t.match(hostStatus(gmOnlyDefault), {
    role: 'grandmaster',
    grandmasterIdentitySource: 'DEFAULT_DATA_SET',
    timePropertiesSource: 'GRANDMASTER_SETTINGS_NP',
    currentUtcOffset: 37,
  });
  const slaveNoTp = { ...snap, timePropertiesDataSet: parseTimePropertiesDataSet('') };
  t.match(hostStatus(slaveNoTp), { currentUtcOffset: null, timePropertiesSource: null }, "a slave never reports its own GM settings as the GM's");
  const empty = parsePmcSnapshot('');
  t.match(hostStatus(empty), { role: 'unknown', clockIdentity: null, grandmasterIdentity: null });
});

t.test('property: no parser throws on random text', async (t) => {
  const line = fc.oneof(
    fc.string(),
    fc.constantFrom('sending: GET CURRENT_DATA_SET', `\t${HOST}-0 seq 0 RESPONSE MANAGEMENT CURRENT_DATA_SET `, '\t\tstepsRemoved 1', '\t\tportState SLAVE'),
    fc.tuple(fc.constantFrom('\t', '\t\t', 'sending: ', 'id ', 'sorry, '), fc.string()).map(([a, b]) => a + b),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, nl) => {
      parseEverything(lines.join('\n') + (nl ? '\n' : ''));
    }),
    { numRuns: 400 },
  );
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => parseEverything(s)), { numRuns: 300 });
  t.pass('no throw');
});

t.test('property: text with no pmc line in it is reported as unparsable', async (t) => {
  const junk = fc
    .array(fc.string({ minLength: 1 }).filter((s) => !/^(\t|sending: |id |sorry, |non-get)/.test(s) && !s.includes('\n') && s.trim().length > 0), { minLength: 1, maxLength: 10 })
    .map((ls) => ls.join('\n') + '\n');
  fc.assert(
    fc.property(junk, (text) => {
      for (const p of PARSERS) {
        const r = p(text);
        if (r.ok || r.reason !== 'unparsable') return false;
      }
      const s = parsePmcSnapshot(text);
      return !s.answered && s.unrecognizedLines > 0;
    }),
    { numRuns: 300 },
  );
  t.pass('unparsable');
});

t.test('property: every prefix of every capture parses without throwing, never inventing values', async (t) => {
  const files = allCaptureFiles();
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.nat(), (file, n) => {
      const full = readCapture(file);
      const cut = full.slice(0, n % (full.length + 1));
      parseEverything(cut);
      // Whatever survives truncation must agree with the full parse.
      const a = parseCurrentDataSet(cut);
      const b = parseCurrentDataSet(full);
      if (a.ok && b.ok) {
        for (const k of ['stepsRemoved', 'offsetFromMasterNs', 'meanPathDelayNs'] as const) {
          if (a.value[k] !== null && a.value[k] !== b.value[k]) return false;
        }
      }
      return true;
    }),
    { numRuns: 1000 },
  );
  t.pass('prefixes ok');
});

t.test('property: interleaving sending lines anywhere between lines changes nothing', async (t) => {
  const base = readCapture('multi-slave.variant1.txt');
  const replyLines = base.split('\n').filter((l) => l.length > 0 && !l.startsWith('sending: '));
  const sends = base.split('\n').filter((l) => l.startsWith('sending: '));
  const expected = hostStatus(parsePmcSnapshot(base));
  fc.assert(
    fc.property(fc.array(fc.nat(replyLines.length), { minLength: sends.length, maxLength: sends.length }), (positions) => {
      const sorted = [...positions].sort((x, y) => x - y);
      const out: string[] = [];
      let k = 0;
      for (let i = 0; i <= replyLines.length; i++) {
        while (k < sorted.length && sorted[k] === i) out.push(sends[k++] as string);
        if (i < replyLines.length) out.push(replyLines[i] as string);
      }
      const got = hostStatus(parsePmcSnapshot(out.join('\n') + '\n'));
      return JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(expected, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    }),
    { numRuns: 200 },
  );
  t.pass('order independent');
});
