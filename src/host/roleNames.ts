/** The one table of host-role names as reports print them (the seed's spelling: `Grandmaster`, `Slave`). */
import type { HostRole } from './hostStatus.js';

const ROLE_NAMES: Readonly<Record<HostRole | 'none', string>> = {
  grandmaster: 'Grandmaster',
  slave: 'Slave',
  'boundary-clock': 'BoundaryClock',
  none: 'None',
  unknown: 'Unknown',
};

export function roleName(role: HostRole | 'none'): string {
  return ROLE_NAMES[role];
}
