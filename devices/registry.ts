/**
 * The device registry: every device the hall knows — kiosks and displays,
 * printers, scanners, keypads — with id, kind, location, last seen and state.
 * Read by /healthz, /metrics and the supervisor console (what a state means:
 * state-machines/devices/device-health.ts).
 */
import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../state-machines/devices/device-types.ts';

export class DeviceRegistry extends EventEmitter<{ change: [DeviceHealth] }> {
  private readonly devices = new Map<string, DeviceHealth>();

  /** `now`: the hall's clock, which stamps `since` when a device's state changes. */
  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** Add or update a device; emits `change` when anything but lastSeen moved. */
  upsert(device: DeviceHealth): void {
    const before = this.devices.get(device.id);
    // 「缺纸（10:32 起）」: a new state starts now; the same state keeps its start.
    device = { ...device, since: before && before.state === device.state ? before.since : this.now() };
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
