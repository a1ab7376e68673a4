/**
 * uPlot's script and stylesheet, read from the installed package when a report is written and inlined into
 * the page, so the report opens on a lab machine without a network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface UplotAssets {
  js: string;
  css: string;
  version: string;
}

let cached: UplotAssets | undefined;

export function uplotAssets(): UplotAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const pkg = JSON.parse(readFileSync(require.resolve('uplot/package.json'), 'utf8')) as { version?: string };
  // The page inlines the script; a "</script" inside it would end the element early.
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error('uPlot assets contain a closing tag and cannot be inlined');
  cached = { js, css, version: pkg.version ?? 'unknown' };
  return cached;
}
