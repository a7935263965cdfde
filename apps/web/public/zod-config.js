// Loaded by index.html as a classic script before the app's modules: zod 4 probes `new Function` (refused by
// ServeDeck's CSP, no 'unsafe-eval') when an object schema is built while its `jitless` flag is off. Schemas
// built at module load in a shared chunk ran before src/zod-jitless.ts could set the flag, so it is set here,
// on the global zod reads its config from, before any module runs.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
