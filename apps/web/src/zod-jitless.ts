import { z } from 'zod';

// zod 4 probes `new Function` once to decide whether it may compile object parsers; our CSP (no
// 'unsafe-eval') refuses it and the browser reports a violation on every page load. Parse without code
// generation. Must run before any schema is built (zod reads the flag when a schema is created), hence
// its own module imported first by main.tsx. That is not enough once a shared chunk builds schemas when it
// loads (chunks a module imports run before it): public/zod-config.js sets the same flag on zod's global config
// as a classic script before any module; this stays for tests and the dev server.
z.config({ jitless: true });
