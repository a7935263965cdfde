/** How one sandbox component is started and checked (its own file: the component lists import it, components.ts imports them). */
import type { ComponentName } from './state';

export type ComponentSpec = {
  name: ComponentName;
  port: number;
  /** Other ports the component binds (etcd's peer port). */
  extraPorts: number[];
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: string;
  readyTimeoutMs: number;
  healthUrl: string;
  healthy: () => Promise<boolean>;
};
