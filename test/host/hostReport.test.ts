// The one host report: both commands' view of the host, one grandmaster rule, one role-name table.
import t from 'tap';

import { simpleRig } from '../../src/cameras/rigFile.js';
import { hostMode, hostPtpOf, hostReportFromStatus, readHostPtp, simulatedHostReport } from '../../src/host/hostReport.js';
import type { HostStatus } from '../../src/host/index.js';
import { roleName } from '../../src/host/roleNames.js';
import { tempDir } from '../support/cli.js';

t.test('the grandmaster rule: a boundary clock follows upstream like a slave', async (t) => {
  t.equal(hostMode('grandmaster'), 'grandmaster');
  t.equal(hostMode('slave'), 'slave');
  t.equal(hostMode('boundary-clock'), 'slave');
  t.equal(hostMode('unknown'), 'none');
  t.equal(hostMode('none'), 'none');
  t.same(['grandmaster', 'slave', 'boundary-clock', 'none', 'unknown'].map((r) => roleName(r as 'none')), ['Grandmaster', 'Slave', 'BoundaryClock', 'None', 'Unknown']);
});

t.test('readHostPtp on a simulated rig: no pmc, labelled simulated', async (t) => {
  const rig = simpleRig(2);
  const h = await readHostPtp({ rig });
  t.match(h, { role: 'Grandmaster', clockId: rig.host.clockId, gmClockId: rig.host.clockId, simulated: true, socketPath: null });
  t.same(h.timescale, { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' });
  t.equal(h.judgement.mode, 'grandmaster');
  t.equal(h.judgement.unavailable, null);
  const slave = hostPtpOf(simulatedHostReport({ ...rig.host, role: 'slave', ptpTimescale: true }));
  t.match(slave, { role: 'Slave', gmClockId: rig.host.outsideGrandmasterId, timescale: { ptpTimescale: true } });
  const none = hostPtpOf(simulatedHostReport({ ...rig.host, role: 'none' }));
  t.match(none, { role: 'None', gmClockId: null, judgement: { mode: 'none', unavailable: { reason: 'sim-none' } } });
});

t.test('readHostPtp without ptp4l: never throws, the error names the socket tried', async (t) => {
  const uds = `${tempDir(t, 'ptpcam-host-')}/no-ptp4l`;
  const h = await readHostPtp({ uds, domain: 0, timeoutMs: 1000 });
  t.equal(h.simulated, false);
  t.equal(h.role, 'Unknown');
  t.not(h.report.error, null);
  t.match(h.report.error?.code ?? '', /^ERR_/);
  t.same(h.report.error?.triedPaths, [uds]);
  t.match(h.judgement, { mode: 'none', unavailable: { reason: 'error' } });
  t.equal(h.timescale.source, 'assumed');
});

t.test('a pmc host status becomes the same report check prints and timestat reads', async (t) => {
  const status = {
    role: 'boundary-clock', roleReason: 'port 1 follows', portStates: [{ port: 1, state: 'SLAVE' }, { port: 2, state: 'MASTER' }],
    clockIdentity: '0a0b0c.fffe.0d0e0f', grandmasterIdentity: '5c1a5c.fffe.000001', stepsRemoved: 1,
    offsetFromMasterNs: -3, meanPathDelayNs: 700, currentUtcOffset: 37, ptpTimescale: true, domainNumber: 0,
    priority1: 128, clockClass: 248, socketPath: '/var/run/ptp4l',
  } as unknown as HostStatus;
  const h = hostPtpOf(hostReportFromStatus(status));
  t.match(h, { role: 'BoundaryClock', gmClockId: '5c1a5c.fffe.000001', socketPath: '/var/run/ptp4l', timescale: { ptpTimescale: true, currentUtcOffsetS: 37, source: 'pmc' } });
  t.equal(h.report.portState, 'SLAVE/MASTER');
  t.equal(h.judgement.mode, 'slave');
});
