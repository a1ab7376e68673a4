export declare const GLIBC_CEILING: string;
export declare const ALLOWED_NEEDED: RegExp[];
export declare function compareVersions(a: string, b: string): -1 | 0 | 1;
export interface PrebuildReport {
  file: string;
  machine: string;
  type: string;
  needed: string[];
  glibc: string[];
  glibcMax: string | null;
  objdumpGlibc: string[] | null;
  glibcxx: string[];
  cxxabi: string[];
  gcc: string[];
  problems: string[];
}
export declare function inspectPrebuild(
  file: string,
  opts?: { arch?: 'x64' | 'arm64'; maxGlibc?: string },
): PrebuildReport;
export declare function findPrebuild(repoRoot: string, arch: 'x64' | 'arm64'): string | null;
