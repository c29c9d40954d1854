import { render } from 'preact';
import { deviceToken } from '../state-machines/client/web/device-token.ts';
import { attachHallLink, connectHall } from '../state-machines/client/web/hall-link.ts';
import { ProblemScreen } from '../state-machines/client/web/status-screens.tsx';
import '../state-machines/client/web/base.css';
import './display.css';
import { DisplayApp } from './display-app.tsx';
import { voiceReporter } from './voice-report.ts';

const root = document.getElementById('app');
if (!root) throw new Error('display: #app missing from index.html');

const token = deviceToken('display');
if (token === undefined) {
  render(<ProblemScreen code="NO_TOKEN" lang="zh" />, root);
} else {
  const socket = connectHall('display', token);
  render(<DisplayApp link={attachHallLink(socket, { unattended: true })} reportVoice={voiceReporter(socket)} />, root);
}
