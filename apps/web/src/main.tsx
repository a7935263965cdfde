import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { firstRequests } from './app/first-requests';
import { applyTheme } from './components/ThemeToggle';
import { currentLocale, startI18n, warmFormatters } from './i18n';
import { basePath } from './lib/base-path';
import { askEarly } from './lib/http';
import { meQuery } from './lib/me-query';
import { createQueryClient } from './lib/query-client';
import './app/theme.css';

applyTheme();
const el = document.getElementById('root');
if (!el) throw new Error('#root missing from index.html');
// Who is signed in is the first thing every page waits for: asked now, while the locale and the page's chunks
// load, not after the first render (one round trip less before the page's own requests).
const client = createQueryClient();
void client.prefetchQuery(meQuery);
// The first page's own data too (app/first-requests.ts).
const { pathname } = window.location;
for (const path of firstRequests(pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname))
  askEarly(path);
// The user's locale (its catalogue is a chunk of its own) before the first paint: no English flash. A promise,
// not a top-level await: Rollup splits a module graph that awaits at its top into chunks the pages cannot share
// with it, and the first script became a dozen small ones (docs/performance.md "Web app weight").
void startI18n().then(() => {
  const root = createRoot(el);
  // A transition: React renders the shell in slices of a few milliseconds instead of one long task that blocks
  // input (Lighthouse's total blocking time).
  startTransition(() =>
    root.render(
      <StrictMode>
        <App client={client} />
      </StrictMode>,
    ),
  );
  warmFormatters(currentLocale());
});
