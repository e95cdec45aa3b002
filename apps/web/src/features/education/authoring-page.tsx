/** /education/authoring: the modules I can edit or review, and a form to start a new one. */
import type { CreateModuleRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createModule } from '../../api/education-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { EducationNav } from './education-nav.tsx';
import { useEducationMutation, useModuleList } from './education-queries.ts';

function NewModuleForm() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [contentType, setContentType] = useState<CreateModuleRequest['contentType']>('mixed');
  const [difficulty, setDifficulty] = useState<CreateModuleRequest['difficulty']>('beginner');
  const create = useEducationMutation((input: CreateModuleRequest) => createModule(input));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { title, contentType, difficulty },
      { onSuccess: (module) => navigate(`/education/modules/${module.id}/edit`) },
    );
  };
  return (
    <section className="card" aria-labelledby="new-module-heading">
      <h2 id="new-module-heading">New module</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Module title"
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
        />
        <div className="field">
          <label htmlFor="new-module-type">Content type</label>
          <select
            id="new-module-type"
            value={contentType}
            onChange={(e) => setContentType(e.target.value as typeof contentType)}
          >
            <option value="mixed">Mixed</option>
            <option value="text">Text</option>
            <option value="video">Video</option>
            <option value="interactive">Interactive</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-module-difficulty">Difficulty</label>
          <select
            id="new-module-difficulty"
            value={difficulty}
            onChange={(e) => setDifficulty(e.target.value as typeof difficulty)}
          >
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </select>
        </div>
        <button type="submit" disabled={create.isPending}>
          Create module
        </button>
        <FormError error={create.error} />
      </form>
    </section>
  );
}

export function AuthoringPage() {
  const modules = useModuleList();
  return (
    <section className="page" aria-labelledby="authoring-heading">
      <title>Authoring · Diatonic</title>
      <h1 id="authoring-heading">Authoring</h1>
      <EducationNav />
      <NewModuleForm />
      {modules.isPending ? <LoadingState label="Loading modules…" /> : null}
      {modules.isError ? (
        <ErrorState title="Modules could not be loaded" error={modules.error} onRetry={() => modules.refetch()} />
      ) : null}
      {modules.data ? (
        <table className="table" aria-label="Modules">
          <thead>
            <tr>
              <th>Title</th>
              <th>Status</th>
              <th>Published</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {modules.data.items.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/education/modules/${m.id}/edit`}>{m.title}</Link>
                </td>
                <td>{m.status}</td>
                <td>{m.publishedVersion ?? '—'}</td>
                <td>{new Date(m.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
