import { render } from 'preact';
import { attachHallLink, connectHall } from '../state-machines/client/web/hall-link.ts';
import { deviceToken } from '../state-machines/client/web/device-token.ts';
import { ProblemScreen } from '../state-machines/client/web/status-screens.tsx';
import '../state-machines/client/web/base.css';
import './kiosk.css';
import { KioskApp } from './kiosk-app.tsx';

const root = document.getElementById('app');
if (!root) throw new Error('kiosk: #app missing from index.html');

const token = deviceToken('kiosk');
if (token === undefined) {
  render(<ProblemScreen code="NO_TOKEN" lang="zh" />, root);
} else {
  const socket = connectHall('kiosk', token);
  render(<KioskApp socket={socket} link={attachHallLink(socket, { unattended: true })} />, root);
}

// A long press on a touch screen would open the browser's menu; a kiosk has no use for it.
document.addEventListener('contextmenu', (e) => e.preventDefault());
