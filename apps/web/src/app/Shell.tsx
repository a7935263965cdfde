import { useQuery } from '@tanstack/react-query';
import { healthQuery } from '../lib/health';

/** The application frame: header, navigation and the routed page. */
export function Shell() {
  const health = useQuery(healthQuery);
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/">
          ServeDeck
        </a>
        <span className="muted" role="status" aria-live="polite">
          {health.isPending ? 'Connecting…' : health.isError ? 'Server unreachable' : 'Connected'}
        </span>
      </header>
      <main id="main" className="shell-main">
        <h1>InferenceServices</h1>
        <p className="muted">Deploy, test and watch models on KServe.</p>
      </main>
    </div>
  );
}
