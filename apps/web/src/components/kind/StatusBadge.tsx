import type { StatusRollup } from '@servedeck/shared';
import { Badge } from '@/components/Badge';
import { useTranslation } from '@/i18n';
import { PHASE_TONE } from '@/lib/isvc-display';

/** A registry kind's status roll-up as a badge: the phase in words, the controller's message as its title. */
export function StatusBadge({ status }: { status: StatusRollup }) {
  const { t } = useTranslation();
  return (
    <Badge tone={PHASE_TONE[status.phase]} title={status.message}>
      {t(`phase.${status.phase}`)}
    </Badge>
  );
}
