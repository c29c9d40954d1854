import { render } from 'preact';
import { DeviceGate } from '../state-machines/client/web/device-gate.tsx';
import '../state-machines/client/web/base.css';
import './display.css';
import { DisplayApp } from './display-app.tsx';
import { ratingSender } from './rating-send.ts';
import { voiceReporter } from './voice-report.ts';

const root = document.getElementById('app');
if (!root) throw new Error('display: #app missing from index.html');

// No token, or one the server refuses: the pairing screen until a supervisor approves this display.
render(
  <DeviceGate kind="display">{(socket, link) => <DisplayApp link={link} reportVoice={voiceReporter(socket)} rate={ratingSender(socket)} />}</DeviceGate>,
  root,
);
