// Holds a camera's control privilege until killed, so a test can show a second client being refused:
// `node --import tsx test/lab/holdControl.ts <ip>` prints `controlling` once it holds control.
import { GvcpClient } from './gvcpClient.js';

// `tap test/lab/` runs every .ts file here; as an entry point without arguments this is not a test.
if (process.env['TAP'] === '1' && process.argv.length <= 2) {
  process.stdout.write('1..0 # SKIP entry point, not a test file\n');
  process.exit(0);
}

const host = process.argv[2];
if (!host) {
  process.stderr.write('usage: holdControl.ts <camera ip>\n');
  process.exit(2);
}
const client = new GvcpClient({ host });
await client.bind();
try {
  await client.takeControl();
} catch (err) {
  process.stderr.write(`holdControl: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
process.stdout.write('controlling\n');
const stop = (): void => {
  void client.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
