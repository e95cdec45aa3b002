/**
 * /education/modules/:id: a published module as a learner takes it: sections in order, text as
 * sanitised markdown, assets (image, HTML5 video that seeks by Range requests, PDF embedded and linked)
 * by their signed URL, the module's documents, quizzes graded on the server, and the
 * progress bar. Authors see a link to the editor.
 */
import type { EducationSection, LearnerQuiz, ModuleLearnerView } from '@diatonic/api-schemas';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { attemptQuiz, completeSection, enroll, moveToLatest } from '../../api/education-api.ts';
import { ErrorState } from '../../ui/error-state.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { LoadingState } from '../../ui/loading-state.tsx';
import { useMe } from '../auth/use-me.ts';
import { AssetView } from './asset-view.tsx';
import { DocumentList } from './documents-card.tsx';
import { EducationNav } from './education-nav.tsx';
import { useEducationMutation, useModule } from './education-queries.ts';
import { MarkdownView } from './markdown-view.tsx';
import { QuizForm } from './quiz-form.tsx';

function isDone(module: ModuleLearnerView, section: EducationSection): boolean {
  const progress = module.enrollment;
  if (!progress) return false;
  if (section.contentType === 'quiz') return progress.quizzes[section.id]?.passed === true;
  return progress.completedSectionIds.includes(section.id);
}

function SectionBody({ module, section }: { module: ModuleLearnerView; section: EducationSection }) {
  const complete = useEducationMutation(() => completeSection(module.id, section.id));
  const quiz = useEducationMutation((answers: Record<string, string[]>) => attemptQuiz(module.id, section.id, answers));
  const data = section.contentData as Record<string, unknown>;
  const enrolled = module.enrollment !== null;
  return (
    <article className="card section-body" aria-labelledby={`section-${section.id}`}>
      <h2 id={`section-${section.id}`}>{section.title}</h2>
      {section.asset ? <AssetView asset={section.asset} title={section.title} /> : null}
      {section.contentType === 'text' ? (
        <MarkdownView markdown={String(data.markdown ?? '')} label={section.title} />
      ) : null}
      {section.contentType === 'video' && !section.asset ? (
        <p className="meta">The video of this section is not available.</p>
      ) : null}
      {section.contentType === 'video' && typeof data.caption === 'string' ? <p>{data.caption}</p> : null}
      {section.contentType === 'exercise' ? (
        <MarkdownView markdown={String(data.instructions ?? '')} label={section.title} />
      ) : null}
      {section.contentType === 'quiz' ? (
        <QuizForm
          key={section.id}
          quiz={section.contentData as LearnerQuiz}
          disabled={!enrolled}
          pending={quiz.isPending}
          error={quiz.error}
          result={quiz.data}
          onSubmit={(answers) => quiz.mutate(answers)}
        />
      ) : enrolled ? (
        <p>
          {isDone(module, section) ? (
            <span className="meta">Done</span>
          ) : (
            <button type="button" onClick={() => complete.mutate(undefined)} disabled={complete.isPending}>
              Mark “{section.title}” as done
            </button>
          )}
        </p>
      ) : null}
      <FormError error={complete.error} />
    </article>
  );
}

export function ModulePlayerPage() {
  const { moduleId = '' } = useParams();
  const module = useModule(moduleId, true);
  const [selected, setSelected] = useState<string | null>(null);
  const enrolment = useEducationMutation(() => enroll(moduleId));
  const move = useEducationMutation(() => moveToLatest(moduleId));
  const me = useMe();
  const canAuthor = me.data?.permissions.includes('module:create') ?? false;

  if (module.isPending) return <LoadingState label="Loading the module…" />;
  if (module.isError)
    return <ErrorState title="This module could not be loaded" error={module.error} onRetry={() => module.refetch()} />;
  const m = module.data;
  if (m.view !== 'learner') return null;
  const progress = m.enrollment;
  const current = m.sections.find((s) => s.id === (selected ?? progress?.nextSectionId)) ?? m.sections[0];

  return (
    <section className="page" aria-labelledby="module-heading">
      <title>{`${m.title} · Diatonic`}</title>
      <h1 id="module-heading">{m.title}</h1>
      <EducationNav />
      <p className="lead">{m.description}</p>
      <p className="meta">
        {m.difficulty} · {m.estimatedDuration} min · version {m.version}
        {m.status === 'archived' ? ' · archived' : ''}
      </p>
      {progress ? (
        <div className="module-progress">
          <progress max={100} value={progress.percentComplete} aria-label="Module progress" />
          <p role="status">
            {progress.percentComplete}% complete{progress.status === 'completed' ? ' — module completed' : ''}
          </p>
          {m.latestVersion && m.latestVersion !== m.version ? (
            <p>
              Version {m.latestVersion} is out.{' '}
              <button type="button" onClick={() => move.mutate(undefined)} disabled={move.isPending}>
                Move to version {m.latestVersion}
              </button>
            </p>
          ) : null}
        </div>
      ) : m.status === 'published' ? (
        <p>
          <button type="button" onClick={() => enrolment.mutate(undefined)} disabled={enrolment.isPending}>
            Enrol
          </button>
        </p>
      ) : null}
      <FormError error={enrolment.error ?? move.error} />
      <div className="player">
        <ol className="section-list" aria-label="Sections">
          {m.sections.map((section) => (
            <li key={section.id}>
              <button
                type="button"
                className="link-button"
                aria-current={section.id === current?.id ? 'step' : undefined}
                onClick={() => setSelected(section.id)}
              >
                {isDone(m, section) ? '✓ ' : ''}
                {section.title}
              </button>
            </li>
          ))}
        </ol>
        {current ? <SectionBody key={current.id} module={m} section={current} /> : <p>This module has no sections.</p>}
      </div>
      {m.documents.length > 0 ? (
        <section aria-labelledby="documents-heading">
          <h2 id="documents-heading">Documents</h2>
          <DocumentList documents={m.documents} />
        </section>
      ) : null}
      {canAuthor ? (
        <p>
          <Link to={`/education/modules/${m.id}/edit`} className="meta">
            Open in the editor
          </Link>
        </p>
      ) : null}
    </section>
  );
}
