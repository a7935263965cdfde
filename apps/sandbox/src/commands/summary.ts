import type { Context } from '../context';
import { sandboxEnv } from '../sandbox-env';
import type { SandboxState } from '../state';

export function printSummary(ctx: Context, state: SandboxState): void {
  const e = sandboxEnv(state, ctx.l);
  const lines = [
    `  kube-apiserver  ${e.apiserverUrl}`,
    `  Dex issuer      ${e.issuer}   (client ${e.clientId}, secret in ${ctx.l.stateFile})`,
    `  gateway         ${e.gatewayUrl}${state.components.controller ? '' : '   (controller not started)'}`,
    `  CA              ${e.caFile}`,
    `  kubeconfig      ${e.kubeconfig}   (admin; or: npm run sandbox -- kubectl -- get ns)`,
    '  logins:',
    ...e.logins.map((u) => `    ${u.email.padEnd(20)} ${u.password.padEnd(11)} ${u.note}`),
    '  BFF environment: eval "$(npm run sandbox -- env)"; JSON: npm run sandbox -- env --json',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
