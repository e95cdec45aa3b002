/** /education: published modules I can take, with my enrolment state, and enrolment. */
import type { CatalogItem } from '@diatonic/api-schemas';
import { Link } from 'react-router';
import { enroll } from '../../api/education-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { ModuleThumbnail } from './asset-view.tsx';
import { EducationNav } from './education-nav.tsx';
import { useCatalog, useEducationMutation } from './education-queries.ts';

function CatalogCard({ item }: { item: CatalogItem }) {
  const enrolment = useEducationMutation((id: string) => enroll(id));
  return (
    <li className="card module-card">
      <ModuleThumbnail url={item.thumbnailUrl} />
      <h2>{item.title}</h2>
      <p>{item.description}</p>
      <p className="meta">
        {item.difficulty} · {item.estimatedDuration} min · {item.sectionCount} sections · v{item.version}
      </p>
      {item.tags.length > 0 ? <p className="meta">{item.tags.map((t) => `#${t}`).join(' ')}</p> : null}
      {item.enrollment ? (
        <p>
          {item.enrollment.status === 'completed' ? 'Completed' : `${item.enrollment.percentComplete}% complete`} ·{' '}
          <Link to={`/education/modules/${item.id}`}>Continue {item.title}</Link>
        </p>
      ) : (
        <p>
          <button type="button" onClick={() => enrolment.mutate(item.id)} disabled={enrolment.isPending}>
            Enrol in {item.title}
          </button>{' '}
          <Link to={`/education/modules/${item.id}`}>Preview</Link>
        </p>
      )}
      <FormError error={enrolment.error} />
    </li>
  );
}

export function CatalogPage() {
  const catalog = useCatalog();
  return (
    <section className="page" aria-labelledby="catalog-heading">
      <title>Education · Diatonic</title>
      <h1 id="catalog-heading">Catalog</h1>
      <EducationNav />
      {catalog.isPending ? <LoadingState label="Loading the catalog…" /> : null}
      {catalog.isError ? (
        <ErrorState title="The catalog could not be loaded" error={catalog.error} onRetry={() => catalog.refetch()} />
      ) : null}
      {catalog.data && catalog.data.items.length === 0 ? <p>No modules are published yet.</p> : null}
      {catalog.data ? (
        <ul className="module-grid">
          {catalog.data.items.map((item) => (
            <CatalogCard key={item.id} item={item} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
