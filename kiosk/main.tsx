import { render } from 'preact';
import { DeviceGate } from '../state-machines/client/web/device-gate.tsx';
import '../state-machines/client/web/base.css';
import './kiosk.css';
import { KioskApp } from './kiosk-app.tsx';

const root = document.getElementById('app');
if (!root) throw new Error('kiosk: #app missing from index.html');

// No token, or one the server refuses: the pairing screen until a supervisor approves this kiosk.
render(<DeviceGate kind="kiosk">{(socket, link) => <KioskApp socket={socket} link={link} />}</DeviceGate>, root);

// A long press on a touch screen would open the browser's menu; a kiosk has no use for it.
document.addEventListener('contextmenu', (e) => e.preventDefault());
