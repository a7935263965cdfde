import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { UserInfo } from './principal';

export const USER_HEADER = 'kubeflow-userid';
export const GROUPS_HEADER = 'kubeflow-groups';

/** Normalise `::ffff:10.0.0.1` to `10.0.0.1` so IPv4 rules match IPv4-mapped peers. */
export function normaliseAddress(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m?.[1] ?? addr;
}

export function proxyMatcher(entries: string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = '', bits] = entry.split('/');
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return (address) => {
    if (!address) return false;
    const a = normaliseAddress(address);
    const type = isIP(a) === 6 ? 'ipv6' : isIP(a) === 4 ? 'ipv4' : undefined;
    return type !== undefined && list.check(a, type);
  };
}

/**
 * Identity from `kubeflow-userid` / `kubeflow-groups`, set by the Kubeflow gateway (oauth2-proxy or
 * authservice). Accepted only when the TCP peer is one of the configured proxies: anybody else could
 * send the header themselves. The peer is the socket address, never X-Forwarded-For.
 */
export type TrustedHeaders = { user: string; groups: string; userPrefix: string };

export const defaultTrustedHeaders: TrustedHeaders = { user: USER_HEADER, groups: GROUPS_HEADER, userPrefix: '' };

export function trustedHeaderUser(
  req: IncomingMessage,
  isTrustedPeer: (a: string | undefined) => boolean,
  names: TrustedHeaders = defaultTrustedHeaders,
): UserInfo | undefined {
  if (!isTrustedPeer(req.socket.remoteAddress)) return undefined;
  const raw = req.headers[names.user];
  let name = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (name && names.userPrefix && name.startsWith(names.userPrefix)) name = name.slice(names.userPrefix.length);
  if (!name) return undefined;
  const rawGroups = req.headers[names.groups];
  const groups = (Array.isArray(rawGroups) ? rawGroups.join(',') : (rawGroups ?? ''))
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.length > 0);
  return { name, ...(name.includes('@') ? { email: name } : {}), groups };
}
