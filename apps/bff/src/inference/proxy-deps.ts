/** What the inference proxy needs (its own file: the target resolvers and the proxy both import it). */
import type { Dispatcher } from 'undici';
import type { TtlCache } from '../http/ttl-cache';
import type { Cluster } from '../k8s/client';
import type { K8sObject } from '../k8s/objects';
import type { Logger } from '../logger';
import type { TargetConfig } from './resolve-target';

export type ProxyDeps = {
  cluster: Cluster;
  dispatcher: Dispatcher;
  isvcCache: TtlCache<Promise<K8sObject> | K8sObject>;
  target: TargetConfig;
  timeoutMs: number;
  maxBytes: number;
  logger: Logger;
  observe?: (seconds: number, status: number) => void;
  /** Identity headers of trusted-header mode (configurable names): never forwarded. */
  identityHeaders?: string[];
};
