/**
 * Every string pmc can print for portState (`ps_str[]` in linuxptp util.c, unchanged 1.x → master).
 * ptp4l's internal GRAND_MASTER is reported as MASTER, and pmc prints NONE for anything above SLAVE.
 */
export const PORT_STATES = [
  'NONE',
  'INITIALIZING',
  'FAULTY',
  'DISABLED',
  'LISTENING',
  'PRE_MASTER',
  'MASTER',
  'PASSIVE',
  'UNCALIBRATED',
  'SLAVE',
] as const;

export type PortState = (typeof PORT_STATES)[number];

/** Synchronised to, or locking onto, a remote master (UNCALIBRATED = servo still locking). */
export function isSlaveLike(s: PortState): boolean {
  return s === 'SLAVE' || s === 'UNCALIBRATED';
}

export function isFaulty(s: PortState): boolean {
  return s === 'FAULTY';
}
