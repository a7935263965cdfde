import { useParams, useSearchParams } from 'react-router';
import { ConsolePage } from '@/features/console';
import { LoadTest } from '@/features/metrics';

export function ConsoleRoute() {
  const { ns = '' } = useParams();
  const [params, setParams] = useSearchParams();
  return (
    <ConsolePage
      ns={ns}
      selected={params.get('isvc') ?? ''}
      model={params.get('model') ?? undefined}
      onSelect={(key) => {
        const p = new URLSearchParams(params);
        if (key) p.set('isvc', key);
        else p.delete('isvc');
        setParams(p, { replace: true });
      }}
      loadTest={(send, disabled) => <LoadTest send={send} disabled={disabled} />}
    />
  );
}
