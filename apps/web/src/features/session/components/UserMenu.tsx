import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '@/i18n';
import { meQuery, useLogout } from '../api/session';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const logout = useLogout();
  if (!me.data) return null;
  const u = me.data.user;
  return (
    <div className="user-menu">
      <span
        className="muted"
        title={u.groups.length ? t('session.groups', { groups: u.groups.join(', ') }) : undefined}
      >
        {u.email ?? u.name}
      </span>
      {me.data.mode === 'oidc' ? (
        <button type="button" className="btn btn-small" onClick={() => logout.mutate()} disabled={logout.isPending}>
          {t('session.signOut')}
        </button>
      ) : null}
    </div>
  );
}
