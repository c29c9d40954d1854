import { render } from 'preact';
import '../state-machines/client/web/base.css';
import './panel.css';
import { PanelApp } from './panel-app.tsx';

const root = document.getElementById('app');
if (!root) throw new Error('window panel: #app missing from index.html');
render(<PanelApp />, root);
