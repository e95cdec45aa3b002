/**
 * /education/modules/:id/edit: the working copy of a module: its fields, its sections (markdown with
 * preview, quiz builder, order), review (submit, approve or reject with comments, archive), the
 * published versions and a summary of the insights. The server decides who may do what; the page only
 * hides what the caller's permissions rule out.
 */
import type { EducationSection, ModuleEditorView, SectionRequest, UpdateModuleRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  createSection,
  deleteSection,
  type ReviewAction,
  reorderSections,
  review,
  updateModule,
  updateSection,
} from '../../api/education-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { useMe } from '../auth/use-me.ts';
import { DocumentsCard } from './documents-card.tsx';
import { EducationNav } from './education-nav.tsx';
import { useEducationMutation, useInsights, useModule, useVersions } from './education-queries.ts';
import { SectionAssetCard } from './section-asset-card.tsx';
import { SectionForm } from './section-form.tsx';
import { ThumbnailCard } from './thumbnail-card.tsx';

function FieldsForm({ module }: { module: ModuleEditorView }) {
  const [title, setTitle] = useState(module.title);
  const [description, setDescription] = useState(module.description);
  const [difficulty, setDifficulty] = useState(module.difficulty);
  const [tags, setTags] = useState(module.tags.join(', '));
  const [visibility, setVisibility] = useState(module.visibility);
  const save = useEducationMutation((input: UpdateModuleRequest) => updateModule(module.id, input));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const tagList = tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    save.mutate({ title, description, difficulty, tags: tagList, visibility, version: module.version });
  };
  return (
    <section className="card" aria-labelledby="fields-heading">
      <h2 id="fields-heading">Details</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label="Title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} />
        <div className="field">
          <label htmlFor="module-description">Description</label>
          <textarea
            id="module-description"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="module-difficulty">Difficulty</label>
          <select
            id="module-difficulty"
            value={difficulty}
            onChange={(e) => setDifficulty(e.target.value as typeof difficulty)}
          >
            <option value="beginner">Beginner</option>
            <option value="intermediate">Intermediate</option>
            <option value="advanced">Advanced</option>
          </select>
        </div>
        <TextField
          label="Tags"
          name="tags"
          hint="Separate tags with commas"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
        />
        <div className="field">
          <label htmlFor="module-visibility">Visibility</label>
          <select
            id="module-visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.target.value as typeof visibility)}
          >
            <option value="organization">This organisation</option>
            <option value="public">Public (every organisation)</option>
          </select>
        </div>
        <p className="meta">
          Estimated duration: {module.estimatedDuration} min (
          {module.estimatedDurationSource === 'sections' ? 'from the sections' : 'set by the author'})
        </p>
        <button type="submit" disabled={save.isPending}>
          Save details
        </button>
        {save.isSuccess ? <p role="status">Saved.</p> : null}
        <FormError error={save.error} fields={['title']} />
      </form>
    </section>
  );
}

function SectionItem({
  module,
  section,
  index,
  editable,
}: {
  module: ModuleEditorView;
  section: EducationSection;
  index: number;
  editable: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const save = useEducationMutation((input: SectionRequest) => updateSection(module.id, section.id, input));
  const remove = useEducationMutation(() => deleteSection(module.id, section.id));
  const move = useEducationMutation((offset: number) => {
    const order = [...module.sectionOrder];
    const [moved] = order.splice(index, 1);
    order.splice(index + offset, 0, moved as string);
    return reorderSections(module.id, order, module.version);
  });
  return (
    <li className="card section-item">
      <h3>
        {section.sectionOrder}. {section.title}{' '}
        <span className="meta">
          ({section.contentType}, {section.duration} min{section.required ? '' : ', optional'})
        </span>
      </h3>
      {editing ? (
        <SectionForm
          section={section}
          submitLabel="Save section"
          pending={save.isPending}
          error={save.error}
          onSave={(input) => save.mutate(input, { onSuccess: () => setEditing(false) })}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p>
          <button type="button" onClick={() => setEditing(true)}>
            Edit {section.title}
          </button>{' '}
          <button type="button" disabled={index === 0 || move.isPending} onClick={() => move.mutate(-1)}>
            Move up
          </button>{' '}
          <button
            type="button"
            disabled={index === module.sections.length - 1 || move.isPending}
            onClick={() => move.mutate(1)}
          >
            Move down
          </button>{' '}
          <button
            type="button"
            className="button-danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(undefined)}
          >
            Delete {section.title}
          </button>
        </p>
      )}
      {editable ? <SectionAssetCard moduleId={module.id} section={section} /> : null}
      <FormError error={remove.error ?? move.error} />
    </li>
  );
}

function ReviewPanel({ module, canPublish }: { module: ModuleEditorView; canPublish: boolean }) {
  const [comments, setComments] = useState('');
  const act = useEducationMutation((action: ReviewAction) => review(module.id, action, comments || undefined));
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">Review and publishing</h2>
      <p role="status">
        Status: <strong>{module.status}</strong>
        {module.publishedVersion ? ` · published version ${module.publishedVersion}` : ' · never published'}
      </p>
      {module.lastReview ? (
        <p className={module.lastReview.decision === 'rejected' ? 'review-rejected' : 'meta'}>
          Last review: {module.lastReview.decision}
          {module.lastReview.comments ? ` — “${module.lastReview.comments}”` : ''}
        </p>
      ) : null}
      {module.status === 'review' && canPublish ? (
        <div className="field">
          <label htmlFor="review-comments">Comments for the author</label>
          <textarea id="review-comments" rows={3} value={comments} onChange={(e) => setComments(e.target.value)} />
        </div>
      ) : null}
      <p>
        {module.status === 'draft' ? (
          <button type="button" disabled={act.isPending} onClick={() => act.mutate('submit')}>
            Submit for review
          </button>
        ) : null}{' '}
        {module.status === 'review' && canPublish ? (
          <>
            <button type="button" disabled={act.isPending} onClick={() => act.mutate('approve')}>
              Approve and publish
            </button>{' '}
            <button type="button" disabled={act.isPending} onClick={() => act.mutate('reject')}>
              Reject
            </button>
          </>
        ) : null}{' '}
        {module.status !== 'archived' ? (
          <button
            type="button"
            className="button-danger"
            disabled={act.isPending}
            onClick={() => act.mutate('archive')}
          >
            Archive
          </button>
        ) : null}
      </p>
      <FormError error={act.error} />
    </section>
  );
}

function VersionHistory({ moduleId }: { moduleId: string }) {
  const versions = useVersions(moduleId);
  if (!versions.data || versions.data.items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      <ul>
        {versions.data.items.map((v) => (
          <li key={v.version}>
            <strong>{v.version}</strong> · {new Date(v.publishedAt).toLocaleString()} · {v.sectionCount} sections · +
            {v.changes.added.length} / −{v.changes.removed.length} / ~{v.changes.changed.length}
          </li>
        ))}
      </ul>
    </section>
  );
}

function InsightsSummary({ moduleId, enabled }: { moduleId: string; enabled: boolean }) {
  const insights = useInsights(moduleId, enabled);
  if (!insights.data) return null;
  const i = insights.data;
  return (
    <section className="card" aria-labelledby="insights-heading">
      <h2 id="insights-heading">Insights</h2>
      <p>
        {i.enrollments} enrolled · {i.completions} completed ({Math.round(i.completionRate * 100)}%) · average progress{' '}
        {i.averagePercentComplete}%
      </p>
      {i.mostStoppedAt ? (
        <p>
          Learners stop most at “{i.mostStoppedAt.title ?? i.mostStoppedAt.sectionId}” ({i.mostStoppedAt.learners}).
        </p>
      ) : null}
      {i.questions.length > 0 ? (
        <ul>
          {i.questions.map((q) => (
            <li key={`${q.sectionId}-${q.questionId}`}>
              {q.prompt ?? q.questionId}: {q.averageScore}% right over {q.attempts} attempts
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function ModuleEditorPage() {
  const { moduleId = '' } = useParams();
  const module = useModule(moduleId);
  const me = useMe();
  const add = useEducationMutation((input: SectionRequest) => createSection(moduleId, input));
  const [formKey, setFormKey] = useState(0);

  if (module.isPending) return <LoadingState label="Loading the module…" />;
  if (module.isError)
    return <ErrorState title="This module could not be loaded" error={module.error} onRetry={() => module.refetch()} />;
  const m = module.data;
  if (m.view !== 'editor') {
    return (
      <section className="page">
        <h1>{m.title}</h1>
        <p>
          Only the author and admins can edit this module.{' '}
          <Link to={`/education/modules/${m.id}`}>Open it as a learner</Link>.
        </p>
      </section>
    );
  }
  const permissions = new Set(me.data?.permissions ?? []);
  const editable = m.status === 'draft' || m.status === 'published';

  return (
    <section className="page" aria-labelledby="editor-heading">
      <title>{`Edit ${m.title} · Diatonic`}</title>
      <h1 id="editor-heading">Edit “{m.title}”</h1>
      <EducationNav />
      <p className="meta">
        Edit version {m.version} · <Link to={`/education/modules/${m.id}`}>View as a learner</Link>
      </p>
      <ReviewPanel module={m} canPublish={permissions.has('module:publish')} />
      {editable ? <FieldsForm key={m.version} module={m} /> : null}
      {editable ? <ThumbnailCard moduleId={m.id} thumbnailUrl={m.thumbnailUrl} /> : null}
      {editable ? <DocumentsCard moduleId={m.id} documents={m.documents} /> : null}
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading">Sections</h2>
        {m.sections.length === 0 ? <p>No sections yet.</p> : null}
        <ol className="section-items">
          {m.sections.map((section, index) => (
            <SectionItem
              key={`${section.id}-${section.version ?? 0}`}
              module={m}
              section={section}
              index={index}
              editable={editable}
            />
          ))}
        </ol>
        {editable ? (
          <section className="card" aria-labelledby="add-section-heading">
            <h3 id="add-section-heading">Add a section</h3>
            <SectionForm
              key={formKey}
              submitLabel="Add section"
              pending={add.isPending}
              error={add.error}
              onSave={(input) => add.mutate(input, { onSuccess: () => setFormKey((k) => k + 1) })}
            />
          </section>
        ) : (
          <p className="meta">The module is {m.status}; it cannot be edited now.</p>
        )}
      </section>
      <VersionHistory moduleId={m.id} />
      <InsightsSummary moduleId={m.id} enabled={m.publishedVersion !== null} />
    </section>
  );
}
