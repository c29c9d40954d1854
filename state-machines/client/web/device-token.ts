/**
 * Kiosks and displays are set up once by opening `…/kiosk/?token=<device
 * token>`. The token is kept in localStorage so a reload or power cut brings
 * the device back without anyone typing the URL again, and it is taken out
 * of the address bar so it does not end up in photos or screenshots.
 */
export type DeviceRole = 'kiosk' | 'display';

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
