/**
 * What a device's health row means: shared by /healthz, /metrics and the
 * supervisor desk's health line, so "needs someone" is decided one way.
 */
import type { DeviceHealth } from './device-types.ts';

/** Whether the device can do its job now (a printer low on paper still prints). */
export function isUsable(d: Pick<DeviceHealth, 'kind' | 'state'>): boolean {
  if (d.kind === 'printer') return d.state === 'online' || d.state === 'paper_low';
  if (d.kind === 'kiosk' || d.kind === 'display') return d.state === 'connected';
  return d.state === 'ready';
}

/** States in which a device needs someone: unusable, a printer whose roll is nearly out, or a wall display that cannot speak. */
export function needsAttention(d: DeviceHealth): boolean {
  return !isUsable(d) || (d.kind === 'printer' && d.state === 'paper_low') || d.voice?.mode === 'off';
}
