import { z } from 'zod';

// zod 4 probes `new Function` once to decide whether it may compile object parsers; our CSP (no
// 'unsafe-eval') refuses it and the browser reports a violation on every page load. Parse without code
// generation. Must run before any schema is built (zod reads the flag when a schema is created), hence
// its own module imported first by main.tsx.
z.config({ jitless: true });
