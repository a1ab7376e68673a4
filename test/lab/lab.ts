// `npm run lab -- --cameras 4` (node --import tsx test/lab/lab.ts): brings the namespace lab up HEALTHY by
// default (every camera follows the lab's ptp4l through a slave-only ptp4l of its own, clocks in step), prints
// the exact `check` and `timestat` commands for the lab, and keeps it until Ctrl-C. Faults are flags:
// --offset-step-ns, --master-camera, --foreign-gm, --legacy, --hostile-serial. `--cleanup` removes namespaces a
// crashed lab left behind (pc<pid>x… names whose process is gone).
import { execFileSync } from 'node:child_process';
import { sweepOrphanNamespaces } from '../support/netns.js';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { VirtualLab, type LabCameraOptions } from './VirtualLab.js';

/** The exact commands for this lab: its namespace, and the lab ptp4l's own socket. */
function labCommands(execPrefix: string, uds: string | null, firstIp: string): string[] {
  const udsArg = uds !== null ? ` --uds ${uds}` : '';
  return [
    'check the rig, then measure it (from the repository, after npm run build):',
    `  sudo ${execPrefix} node dist/cli/main.js check --backend aravis${udsArg}`,
    `  sudo ${execPrefix} node dist/cli/main.js timestat --backend aravis${udsArg} --samples 100 --interval-ms 100`,
    'other commands inside the lab:',
    `  sudo ${execPrefix} arv-tool-0.8`,
    `  sudo ${execPrefix} arv-tool-0.8 -a ${firstIp} control PtpEnable=1 PtpStatus`,
  ];
}

// `tap test/lab/` runs every .ts file here; as an entry point without arguments this is not a test.
if (process.env['TAP'] === '1' && process.argv.length <= 2) {
  process.stdout.write('1..0 # SKIP entry point, not a test file\n');
  process.exit(0);
}

const argv = await yargs(hideBin(process.argv))
  .scriptName('lab')
  .option('cameras', { type: 'number', default: 2, describe: 'number of virtual cameras' })
  .option('legacy', { type: 'number', default: 0, describe: 'how many of them (the last ones) use the legacy GevIEEE1588 features' })
  .option('ptp4l', { type: 'boolean', default: true, describe: "every camera follows the lab's ptp4l through a slave-only ptp4l of its own (--no-ptp4l: a script)" })
  .option('host-ptp4l', { type: 'boolean', default: true, describe: "run the host's grandmaster-capable ptp4l" })
  .option('offset-step-ns', { type: 'string', default: '0', describe: 'fault: camera i gets clock offset i × this (ns)' })
  .option('master-camera', { type: 'number', describe: 'fault: this camera (index) claims Master instead of following' })
  .option('foreign-gm', { type: 'boolean', default: false, describe: 'fault: cameras follow a scripted grandmaster (020000.fffe.000001), not the lab ptp4l' })
  .option('hostile-serial', { type: 'boolean', default: false, describe: 'fault: the last camera\'s serial carries ESC [31m and BEL (terminal-safety check)' })
  .option('keep', { type: 'boolean', default: false, describe: 'keep the temp dir (configs, logs) after exit' })
  .option('cleanup', { type: 'boolean', default: false, describe: 'delete namespaces left by dead labs and exit' })
  .strict()
  .parse();

if (argv.cleanup) {
  // A SIGKILLed lab leaves its cameras and ptp4l running inside its namespaces: kill them before the sweep
  // deletes the namespaces, or they would linger unreachable.
  const pidAlive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  for (const ns of execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0] ?? '')) {
    const owner = /^pc(\d+)x\d+n\d+/.exec(ns);
    if (!owner || pidAlive(Number(owner[1]))) continue;
    for (const pid of execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean)) {
      process.kill(Number(pid), 'SIGKILL');
    }
  }
  for (const ns of sweepOrphanNamespaces()) process.stdout.write(`removed ${ns}\n`);
  process.exit(0);
}

if (process.getuid?.() !== 0) {
  process.stderr.write('lab: network namespaces need root (run with sudo)\n');
  process.exit(1);
}

const step = BigInt(argv['offset-step-ns']);
const cameras: LabCameraOptions[] = Array.from({ length: argv.cameras }, (_, i): LabCameraOptions => {
  const master = argv['master-camera'] === i;
  return {
    offsetNs: BigInt(i) * step,
    variant: i >= argv.cameras - argv.legacy ? 'legacy' : 'sfnc',
    // A scripted camera: the foreign grandmaster fault, or the one that claims Master.
    ptp4l: argv.ptp4l && !argv['foreign-gm'] && !master,
    ...(master ? { script: [{ afterMs: 0, state: 'Listening' as const }, { afterMs: 1000, state: 'Master' as const }] } : {}),
    ...(argv['hostile-serial'] && i === argv.cameras - 1 ? { serial: 'VCAM\x1b[31mRED\x07' } : {}),
  };
});

let lab: VirtualLab | undefined;
let stopping = false;
const stop = async (why: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`\nlab: ${why}, tearing down\n`);
  await lab?.teardown();
  process.exit(0);
};
// Handlers go in before start so a Ctrl-C during setup still removes what exists.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));

try {
  lab = await VirtualLab.start({ cameras, hostPtp4l: argv['host-ptp4l'], keepTempDir: argv.keep });
} catch (err) {
  process.stderr.write(`lab: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

const lines = [
  `lab up: host namespace ${lab.hostNs}, ${lab.hostDev} ${lab.hostIp}/16`,
  lab.hostPtp4l ? `host ptp4l pid ${lab.hostPtp4l.pid}, pmc: pmc -u -b 0 -s ${lab.hostPtp4l.uds} 'GET PORT_DATA_SET'` : 'no host ptp4l',
  ...lab.cameras.map(
    (c) =>
      `camera ${c.index}: ${c.deviceId} ${c.ip} (${c.variant}, offset ${c.offsetNs} ns) ns ${c.ns} pid ${c.pid}` +
      (c.ptp4l ? `, ptp4l uds ${c.ptp4l.uds}` : ''),
  ),
  `temp dir (configs, logs): ${lab.tempDir}`,
  '',
  ...labCommands(lab.execPrefix, lab.hostPtp4l?.uds ?? null, lab.cameras[0]?.ip ?? '169.254.10.10'),
  'Ctrl-C tears the lab down.',
];
process.stdout.write(`${lines.join('\n')}\n`);
