import { Link } from 'react-router';
import { useTranslation } from '@/i18n';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('app.notFound.title')}</h1>
      <p>
        <Link to="/">{t('app.notFound.back')}</Link>
      </p>
    </section>
  );
}
