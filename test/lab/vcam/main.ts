// Virtual GigE Vision camera process: `node --import tsx test/lab/vcam/main.ts '<json>'` (or `@file.json`, or
// `-` for stdin). Prints `ready <ip> <port>` on stdout once the socket listens; logs go to stderr.
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { ConfigError, parseVcamConfig } from './config.js';
import { startVirtualCamera } from './virtualCamera.js';

// `tap test/lab/` runs every .ts file here; as an entry point without arguments this is not a test.
if (process.env['TAP'] === '1' && process.argv.length <= 2) {
  process.stdout.write('1..0 # SKIP entry point, not a test file\n');
  process.exit(0);
}

function readConfigText(arg: string | undefined): string {
  if (arg === undefined || arg === '-') return readFileSync(0, 'utf8');
  if (arg.startsWith('@')) return readFileSync(arg.slice(1), 'utf8');
  return arg;
}

async function main(): Promise<void> {
  const config = parseVcamConfig(JSON.parse(readConfigText(process.argv[2])) as unknown);
  const log = pino({ name: `vcam:${config.serial}`, level: config.logLevel }, pino.destination(2));
  const cam = await startVirtualCamera(config, log);
  const stop = (signal: string): void => {
    log.info({ signal }, 'stopping');
    void cam.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The anchoring error bound (README "Camera clock anchoring"), for tests that compare latches with truth.
  const anchorUncertaintyNs = cam.clock.anchor.uncertaintyNs.toString();
  log.info({ serial: config.serial, ip: config.ip, variant: config.variant, ptp: config.ptp.mode, anchorUncertaintyNs }, 'listening');
  process.stdout.write(`ready ${config.ip} ${cam.port}\n`);
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError || err instanceof SyntaxError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`vcam: ${message}\n`);
  process.exit(1);
});
