/**
 * Camera colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies. Each
 * camera gets its colour from its serial's rank among the run's serials sorted, so a rig keeps its colours from
 * report to report whatever order the cameras were enumerated in. Yellow (weak on white) comes last.
 */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000', '#F0E442'] as const;

/** Dash patterns repeat the palette's distinction by line style for more than 8 cameras. */
const DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

export interface CameraStyle {
  color: string;
  dash: number[];
}

export function cameraStyles(serials: readonly string[]): Map<string, CameraStyle> {
  const sorted = [...new Set(serials)].sort();
  const out = new Map<string, CameraStyle>();
  sorted.forEach((s, i) => {
    out.set(s, {
      color: OKABE_ITO[i % OKABE_ITO.length] as string,
      dash: [...(DASHES[Math.floor(i / OKABE_ITO.length) % DASHES.length] as readonly number[])],
    });
  });
  return out;
}
