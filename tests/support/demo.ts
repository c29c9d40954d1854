/** The demo hall, loaded and validated the same way the server does. */
import { loadHallConfig } from '../../server/config/load-config.ts';

export const DEMO_CONFIG_PATH = 'server/halls/demo-hall.json';
export const demoConfig = loadHallConfig(DEMO_CONFIG_PATH);

export const DEMO_TOKENS = {
  kiosk: 'demo-kiosk-1f-1-token',
  kiosk2: 'demo-kiosk-1f-2-token',
  display: 'demo-display-hall-token',
  windowScreen5: 'demo-display-w5-token',
} as const;

/** Window 5 (综合受理): A post 1009, B post 1010. Window 6: A post 1011. */
export const CLERK_W5 = { staffId: '1009', pin: '123456', window: 5 } as const;
export const CLERK_W6 = { staffId: '1011', pin: '123456', window: 6 } as const;
export const SUPERVISOR = { staffId: '9001', pin: '123456' } as const;

/** 2026-11-21 10:00 in Asia/Shanghai. */
export const TEN_AM = Date.parse('2026-11-21T10:00:00+08:00');
