export const commands = ['up', 'down', 'status', 'reset', 'kubectl', 'token', 'env'] as const;
export type CommandName = (typeof commands)[number];
export type Command =
  | { name: 'up' | 'down' | 'reset' }
  | { name: 'status' | 'env'; json: boolean }
  | { name: 'kubectl'; args: string[] }
  | { name: 'token'; email: string; password?: string };

export const usage = `usage: npm run sandbox -- <command>
  up                     build (once) and start etcd, Dex, kube-apiserver, the controller and gateway
  down                   stop every process the sandbox started
  status [--json]        show each component, its PID, port and health
  reset                  stop and wipe all sandbox state (.sandbox/)
  kubectl -- ARGS        run the matching kubectl as the sandbox admin
  token EMAIL [--password P]
                         print a Dex ID token for a user (password grant; sandbox users need no password)
  env [--json]           print shell exports for the BFF and tests (--json: the object of docs/contracts.md)`;

export type Parsed = { ok: true; value: Command } | { ok: false; error: string };

function onlyFlags(name: string, rest: string[], allowed: string[]): { ok: true } | { ok: false; error: string } {
  const bad = rest.find((a) => !allowed.includes(a));
  return bad === undefined ? { ok: true } : { ok: false, error: `${name}: unexpected argument '${bad}'` };
}

export function parseCommand(argv: string[]): Parsed {
  const [name, ...rest] = argv.filter((a, i) => !(a === '--' && i === 0));
  if (name === undefined) return { ok: false, error: 'missing command' };
  switch (name) {
    case 'up':
    case 'down':
    case 'reset': {
      const r = onlyFlags(name, rest, []);
      return r.ok ? { ok: true, value: { name } } : r;
    }
    case 'status':
    case 'env': {
      const r = onlyFlags(name, rest, ['--json']);
      return r.ok ? { ok: true, value: { name, json: rest.includes('--json') } } : r;
    }
    case 'kubectl':
      return { ok: true, value: { name, args: rest[0] === '--' ? rest.slice(1) : rest } };
    case 'token': {
      let email: string | undefined;
      let password: string | undefined;
      for (let i = 0; i < rest.length; i++) {
        const a = rest[i] ?? '';
        if (a === '--password') {
          password = rest[++i];
          if (password === undefined) return { ok: false, error: 'token: --password needs a value' };
        } else if (a.startsWith('--password=')) {
          password = a.slice('--password='.length);
        } else if (email === undefined && !a.startsWith('-')) {
          email = a;
        } else {
          return { ok: false, error: `token: unexpected argument '${a}'` };
        }
      }
      if (email === undefined) return { ok: false, error: 'token: missing EMAIL' };
      return { ok: true, value: password === undefined ? { name, email } : { name, email, password } };
    }
    default:
      return { ok: false, error: `unknown command '${name}'` };
  }
}
