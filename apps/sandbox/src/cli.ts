/**
 * `npm run sandbox -- <command>`: the local KServe sandbox (etcd, kube-apiserver, Dex, model servers).
 * The commands are filled in by the sandbox issues; see README.md.
 */
import { parseCommand, usage } from './command';

const cmd = parseCommand(process.argv.slice(2));
if (!cmd.ok) {
  process.stderr.write(`${cmd.error}\n\n${usage}\n`);
  process.exit(2);
}
process.stdout.write(`sandbox: '${cmd.value.name}' is not implemented yet\n`);
process.exit(1);
