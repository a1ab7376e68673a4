// Runs arv-tool-0.8 inside the lab's host namespace and parses its `control` output. arv-tool exits 0 even
// when the open or a feature access fails, so callers must look at the parsed errors, not the exit code.
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExecResult, VirtualLab } from './VirtualLab.js';

export interface ControlResult {
  values: Map<string, string>;
  /** feature → error text, from "X write error: …", "X execute error: …", "X read error: …" lines. */
  errors: Map<string, string>;
  raw: ExecResult;
}

export function parseControlOutput(raw: ExecResult): ControlResult {
  const values = new Map<string, string>();
  const errors = new Map<string, string>();
  for (const line of `${raw.stdout}\n${raw.stderr}`.split('\n')) {
    const err = /^(\S+) (?:read|write|execute) error: (.*)$/.exec(line);
    if (err) {
      errors.set(err[1]!, err[2]!);
      continue;
    }
    const val = /^(\S+) = (.*?)(?: min:.*)?$/.exec(line);
    if (val) values.set(val[1]!, val[2]!);
  }
  return { values, errors, raw };
}

export async function arvControl(lab: VirtualLab, ip: string, ...features: string[]): Promise<ControlResult> {
  return parseControlOutput(await lab.exec('arv-tool-0.8', ['-a', ip, 'control', ...features], { timeoutMs: 60_000 }));
}

export async function arv(lab: VirtualLab, ...args: string[]): Promise<ExecResult> {
  return lab.exec('arv-tool-0.8', args, { timeoutMs: 60_000 });
}

const HOLD = fileURLToPath(new URL('./holdControl.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Starts a second GVCP client in the host namespace that takes and keeps control of the camera at `ip`. */
export function holdControl(lab: VirtualLab, ip: string): Promise<ChildProcess> {
  const child = lab.spawn(process.execPath, ['--import', TSX, HOLD, ip]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('holdControl: no "controlling" within 20 s')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'controlling') {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`holdControl exited (${code})`));
    });
  });
}
