import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme } from './components/ThemeToggle';
import { startI18n } from './i18n';
import './app/theme.css';

applyTheme();
const el = document.getElementById('root');
if (!el) throw new Error('#root missing from index.html');
// The user's locale (its catalogue is a chunk of its own) before the first paint: no English flash.
await startI18n();
createRoot(el).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
