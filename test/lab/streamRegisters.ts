// Reads (and optionally first writes) a virtual camera's stream channel 0 registers over a GVCP session of its own,
// apart from whatever application streams from the camera, as a lab engineer would check them:
//   node --import tsx test/lab/streamRegisters.ts <ip> ['{"SCP":9029,"SCPS":8000,...}']
// With writes: takes control, writes them with WRITEREG in the order given, releases control. Then, without
// control (GigE Vision lets anyone read), prints {"SCP":n,"SCPS":n,"SCPD":n,"SCDA":n,"SCSP":n} on one line.
import { GvcpClient } from './gvcpClient.js';
import { Bootstrap } from './vcam/registerMap.js';

const STREAM_REGISTERS = { SCP: Bootstrap.SCP0, SCPS: Bootstrap.SCPS0, SCPD: Bootstrap.SCPD0, SCDA: Bootstrap.SCDA0, SCSP: Bootstrap.SCSP0 } as const;
type StreamRegisterName = keyof typeof STREAM_REGISTERS;
type StreamRegisterValues = Record<StreamRegisterName, number>;

// `tap test/lab/` runs every .ts file here; as an entry point without arguments this is not a test.
if (process.env['TAP'] === '1' && process.argv.length <= 2) {
  process.stdout.write('1..0 # SKIP entry point, not a test file\n');
  process.exit(0);
}

const host = process.argv[2];
if (!host) {
  process.stderr.write('usage: streamRegisters.ts <camera ip> [json writes]\n');
  process.exit(2);
}
const writes = process.argv[3] ? (JSON.parse(process.argv[3]) as Partial<StreamRegisterValues>) : {};
const client = new GvcpClient({ host });
await client.bind();
try {
  if (Object.keys(writes).length > 0) {
    await client.writeReg(Bootstrap.CCP, 2);
    for (const [name, value] of Object.entries(writes)) await client.writeReg(STREAM_REGISTERS[name as StreamRegisterName], value);
    await client.writeReg(Bootstrap.CCP, 0);
  }
  const out: Partial<StreamRegisterValues> = {};
  for (const [name, address] of Object.entries(STREAM_REGISTERS)) out[name as StreamRegisterName] = await client.readReg(address);
  process.stdout.write(`${JSON.stringify(out)}\n`);
  await client.close(false);
  process.exit(0);
} catch (err) {
  process.stderr.write(`streamRegisters: ${err instanceof Error ? err.message : String(err)}\n`);
  await client.close(false);
  process.exit(1);
}
