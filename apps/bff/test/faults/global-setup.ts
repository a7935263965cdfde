import { downPrivate } from './private-sandbox';

/**
 * The fault tests start a private sandbox on first use; stop it after the run (if one was started).
 * SERVEDECK_FAULTS_KEEP=1 keeps it (saves its start-up while working on the fault tests).
 */
export default function setup(): () => Promise<void> {
  return async () => {
    if (process.env.SERVEDECK_FAULTS_KEEP !== '1') downPrivate();
  };
}
