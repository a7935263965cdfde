import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme } from './components/ThemeToggle';
import { startI18n } from './i18n';
import './app/theme.css';

applyTheme();
const el = document.getElementById('root');
if (!el) throw new Error('#root missing from index.html');
// The user's locale (its catalogue is a chunk of its own) before the first paint: no English flash. A promise,
// not a top-level await: Rollup splits a module graph that awaits at its top into chunks the pages cannot share
// with it, and the first script became a dozen small ones (docs/performance.md "Web app weight").
void startI18n().then(() =>
  createRoot(el).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
