import type { IsvcPhase } from '@servedeck/shared';
import type { Tone } from '../components/Badge';

export const PHASE_LABEL: Record<IsvcPhase, string> = {
  Ready: 'Ready',
  NotReady: 'Not ready',
  Loading: 'Loading',
  Failed: 'Failed',
  Stopped: 'Stopped',
};

export const PHASE_TONE: Record<IsvcPhase, Tone> = {
  Ready: 'ok',
  NotReady: 'warn',
  Loading: 'info',
  Failed: 'error',
  Stopped: 'neutral',
};
