// Loaded by index.html as a classic script before the app's modules (the built app and the dev server alike):
// zod 4 probes `new Function` (refused by ServeDeck's CSP, no 'unsafe-eval') when an object schema is built
// while its `jitless` flag is off. Setting the flag on the global zod reads its config from, before any module
// runs, covers every chunk that builds schemas when it loads (zod is not in the first script: it loads with the
// pages and the shell's answers, lib/shell-schemas.ts). Tests run without a CSP.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
