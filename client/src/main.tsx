import { render } from 'preact';
import { App } from './app/App.js';
import './styles.css';
import { loadPublicUrl } from './logic/links.js';

// How the user last interacted, for the focus frame on headings the app focuses (styles.css).
const root = document.documentElement;
addEventListener('keydown', (e) => { if (!e.metaKey && !e.ctrlKey && !e.altKey) root.dataset.input = 'keyboard'; }, true);
addEventListener('pointerdown', () => { root.dataset.input = 'pointer'; }, true);

void loadPublicUrl();
render(<App />, document.getElementById('app')!);
