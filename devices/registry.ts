/**
 * The device registry: every device the hall knows — kiosks and displays,
 * printers, scanners, keypads — with id, kind, location, last seen and state.
 * Read by /healthz, /metrics and the supervisor console.
 */
import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../state-machines/devices/device-types.ts';

export class DeviceRegistry extends EventEmitter<{ change: [DeviceHealth] }> {
  private readonly devices = new Map<string, DeviceHealth>();

  /** Add or update a device; emits `change` when anything but lastSeen moved. */
  upsert(device: DeviceHealth): void {
    const before = this.devices.get(device.id);
    this.devices.set(device.id, device);
    const changed =
      !before ||
      before.state !== device.state ||
      before.details.join() !== device.details.join() ||
      JSON.stringify(before.voice) !== JSON.stringify(device.voice);
    if (changed) this.emit('change', device);
  }

  update(id: string, patch: Partial<Omit<DeviceHealth, 'id' | 'kind'>>): void {
    const d = this.devices.get(id);
    if (d) this.upsert({ ...d, ...patch });
  }

  get(id: string): DeviceHealth | undefined {
    return this.devices.get(id);
  }

  list(): DeviceHealth[] {
    return [...this.devices.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  }
}

/** Whether the device can do its job now (a printer low on paper still prints). */
export function isUsable(d: DeviceHealth): boolean {
  if (d.kind === 'printer') return d.state === 'online' || d.state === 'paper_low';
  if (d.kind === 'kiosk' || d.kind === 'display') return d.state === 'connected';
  return d.state === 'ready';
}

/** States in which a device needs someone: unusable, a printer whose roll is nearly out, or a wall display that cannot speak. */
export function needsAttention(d: DeviceHealth): boolean {
  return !isUsable(d) || (d.kind === 'printer' && d.state === 'paper_low') || d.voice?.mode === 'off';
}

/** Prometheus text exposition of the registry (and a few hall numbers). */
export function metricsText(devices: readonly DeviceHealth[], extra: Record<string, number>, now: number): string {
  const out: string[] = [];
  for (const [name, value] of Object.entries(extra)) {
    out.push(`# TYPE ${name} gauge`, `${name} ${value}`);
  }
  const label = (d: DeviceHealth) => `id="${esc(d.id)}",kind="${d.kind}",location="${esc(d.location)}"`;
  out.push('# HELP yichuang_device_up 1 when the device is usable (printer online or paper low, kiosk connected, HID device ready).');
  out.push('# TYPE yichuang_device_up gauge');
  for (const d of devices) out.push(`yichuang_device_up{${label(d)}} ${isUsable(d) ? 1 : 0}`);
  out.push('# HELP yichuang_device_state 1 for the state the device is in.');
  out.push('# TYPE yichuang_device_state gauge');
  for (const d of devices) out.push(`yichuang_device_state{${label(d)},state="${esc(d.state)}"} 1`);
  out.push('# HELP yichuang_device_last_seen_seconds Seconds since the device was last heard from.');
  out.push('# TYPE yichuang_device_last_seen_seconds gauge');
  for (const d of devices)
    if (d.lastSeen !== undefined) out.push(`yichuang_device_last_seen_seconds{${label(d)}} ${Math.max(0, (now - d.lastSeen) / 1000).toFixed(1)}`);
  return `${out.join('\n')}\n`;
}

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');
}
