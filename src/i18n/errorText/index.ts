/**
 * Every error template, in the order text is read back against them (the more specific of two that could both
 * match comes first). Fragments (one backend's line inside "no cameras found") are listed apart: they are parts
 * of a message, never a whole one.
 */
import type { ErrorTemplate } from '../errorTemplate.js';
import { BACKEND_SEEN, CAMERA_SDK, CAMERAS } from './cameras.js';
import { HOST } from './host.js';
import { REPORT } from './report.js';
import { RIG_FILE } from './rigFile.js';
import { ACTION_WHY, RUN } from './run.js';
import { USAGE } from './usage.js';

export { BACKEND_SEEN, CAMERA_SDK, CAMERAS, HOST, REPORT, RIG_FILE, RUN, ACTION_WHY, USAGE };

export const ERROR_TEMPLATES: readonly ErrorTemplate[] = [
  ...Object.values(USAGE),
  ...Object.values(RIG_FILE),
  ...Object.values(CAMERAS),
  ...Object.values(HOST),
  ...Object.values(REPORT),
  ...Object.values(RUN),
  ...Object.values(ACTION_WHY),
  // Last: it takes any SDK text with a camera named in front.
  CAMERA_SDK,
];

export const ERROR_FRAGMENTS: readonly ErrorTemplate[] = [...Object.values(BACKEND_SEEN)];
