export const commands = ['up', 'down', 'status', 'reset', 'kubectl', 'token', 'env'] as const;
export type CommandName = (typeof commands)[number];
export type Command = { name: CommandName; args: string[] };

export const usage = `usage: npm run sandbox -- <command>
  up               build (once) and start etcd, Dex, kube-apiserver, the controller and gateway
  down             stop every process the sandbox started
  status           show each component, its PID and port
  reset            stop and wipe all sandbox state
  kubectl -- ARGS  run the matching kubectl as the sandbox admin
  token EMAIL      print a Dex ID token for a sandbox user
  env              print shell exports for the BFF and tests`;

export function parseCommand(argv: string[]): { ok: true; value: Command } | { ok: false; error: string } {
  const [name, ...rest] = argv.filter((a, i) => !(a === '--' && i === 0));
  if (name === undefined) return { ok: false, error: 'missing command' };
  if (!(commands as readonly string[]).includes(name)) return { ok: false, error: `unknown command '${name}'` };
  const args = rest[0] === '--' ? rest.slice(1) : rest;
  return { ok: true, value: { name: name as CommandName, args } };
}
