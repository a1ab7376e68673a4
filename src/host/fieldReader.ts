import type { PmcReplyBlock } from './pmcOutput.js';
import {
  parseBigInt,
  parseBoolean,
  parseClockId,
  parseFloatValue,
  parseHex,
  parseInteger,
  parsePortIdentity,
  type PortIdentity,
} from './pmcValues.js';

export interface FieldIssue {
  readonly field: string;
  readonly problem: 'missing' | 'unparsable';
  /** The text pmc printed, for `unparsable`. */
  readonly raw?: string;
}

/**
 * Reads a block's fields by name and keeps score: which known fields were missing or unparsable, and
 * which fields nobody asked for (`extra`, so that fields added by newer linuxptp are kept, not lost).
 */
export class FieldReader {
  readonly issues: FieldIssue[] = [];
  private readonly values = new Map<string, string>();
  private readonly used = new Set<string>();
  private parsedCount = 0;

  constructor(block: PmcReplyBlock) {
    for (const f of block.fields) {
      // First occurrence wins; pmc never repeats a field within a block.
      if (!this.values.has(f.name)) this.values.set(f.name, f.value);
    }
  }

  /** How many requested fields parsed; zero means the block is not the dataset it claims to be. */
  get parsed(): number {
    return this.parsedCount;
  }

  get extra(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.values) if (!this.used.has(k)) out[k] = v;
    return out;
  }

  private read<T>(name: string, parse: (text: string) => T | null): T | null {
    this.used.add(name);
    const raw = this.values.get(name);
    if (raw === undefined) {
      this.issues.push({ field: name, problem: 'missing' });
      return null;
    }
    const value = parse(raw);
    if (value === null) {
      this.issues.push({ field: name, problem: 'unparsable', raw });
      return null;
    }
    this.parsedCount += 1;
    return value;
  }

  int(name: string): number | null {
    return this.read(name, parseInteger);
  }
  hex(name: string): number | null {
    return this.read(name, parseHex);
  }
  float(name: string): number | null {
    return this.read(name, parseFloatValue);
  }
  bigint(name: string): bigint | null {
    return this.read(name, parseBigInt);
  }
  bool(name: string): boolean | null {
    return this.read(name, parseBoolean);
  }
  clockId(name: string): string | null {
    return this.read(name, parseClockId);
  }
  portIdentity(name: string): PortIdentity | null {
    return this.read(name, parsePortIdentity);
  }
  text(name: string): string | null {
    return this.read(name, (t) => (t.length > 0 ? t : null));
  }
  matching(name: string, re: RegExp): string | null {
    return this.read(name, (t) => (re.test(t) ? t : null));
  }
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | null {
    return this.read(name, (t) => ((allowed as readonly string[]).includes(t) ? (t as T) : null));
  }
}
