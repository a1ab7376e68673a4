// ptp4l configuration for the lab. free_running and software timestamping are mandatory (network safety
// rules in docs/architecture.md); intervals are shortened so state changes show within seconds.
export interface Ptp4lConfigOptions {
  udsPath: string;
  slaveOnly: boolean;
  /** log2 seconds; -2 → announce every 250 ms, so the receipt timeout (3) expires after ~0.75 s. */
  logAnnounceInterval?: number;
  logSyncInterval?: number;
  announceReceiptTimeout?: number;
  priority1?: number;
}

export function ptp4lConfig(o: Ptp4lConfigOptions): string {
  return [
    '[global]',
    'free_running 1',
    'time_stamping software',
    `uds_address ${o.udsPath}`,
    'network_transport UDPv4',
    `slaveOnly ${o.slaveOnly ? 1 : 0}`,
    `priority1 ${o.priority1 ?? (o.slaveOnly ? 255 : 128)}`,
    `logAnnounceInterval ${o.logAnnounceInterval ?? -2}`,
    `logSyncInterval ${o.logSyncInterval ?? -3}`,
    `announceReceiptTimeout ${o.announceReceiptTimeout ?? 3}`,
    'summary_interval 4',
    '',
  ].join('\n');
}
