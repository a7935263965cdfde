import { setupServer } from 'msw/node';

/** One msw server for every test file; tests add handlers with `server.use(...)`. */
export const server = setupServer();
