/**
 * A kiosk or display keeps its device token in localStorage, so a reload or
 * power cut brings it back without pairing again. The token comes from
 * pairing (device-gate.tsx), or — for the demo's one-click links and halls
 * that give tokens in the hall file — from `…/kiosk/?token=<device token>`,
 * which is then taken out of the address bar so it does not end up in photos
 * or screenshots.
 */
type DeviceRole = 'kiosk' | 'display';

export function deviceToken(role: DeviceRole): string | undefined {
  const key = `yichuang.${role}.token`;
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token')?.trim();
  if (fromUrl) {
    if (store(key, fromUrl)) {
      url.searchParams.delete('token');
      history.replaceState(history.state, '', url);
    }
    return fromUrl;
  }
  return read(key);
}

/** Keep a token received by pairing. Without storage (locked-down profile) it lasts until the page reloads. */
export function saveDeviceToken(role: DeviceRole, token: string): void {
  store(`yichuang.${role}.token`, token);
}

function store(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    // Storage disabled (locked-down browser profile): keep the token in the URL instead.
    return false;
  }
}

function read(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}
