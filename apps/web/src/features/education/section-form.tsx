/**
 * Creates or edits one section: title, type, whether it is required, and its content per type: markdown
 * with a live preview (text, exercise), a caption (video; the file comes through uploads), or a quiz.
 */
import type { EditorQuiz, EducationSection, SectionRequest } from '@diatonic/api-schemas';
import { type FormEvent, useState } from 'react';
import { FormError } from '../../ui/form-error.tsx';
import { MarkdownView } from './markdown-view.tsx';
import { type DraftQuiz, emptyQuiz, QuizBuilder, quizFromEditor } from './quiz-builder.tsx';

type SectionType = SectionRequest['contentType'];

interface SectionFormProps {
  section?: EducationSection;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSave(input: SectionRequest): void;
  onCancel?: () => void;
}

export function SectionForm({ section, submitLabel, pending, error, onSave, onCancel }: SectionFormProps) {
  const data = (section?.contentData ?? {}) as Record<string, unknown>;
  const [title, setTitle] = useState(section?.title ?? '');
  const [type, setType] = useState<SectionType>(section?.contentType ?? 'text');
  const [required, setRequired] = useState(section?.required ?? true);
  const [markdown, setMarkdown] = useState(String(data.markdown ?? data.instructions ?? ''));
  const [caption, setCaption] = useState(String(data.caption ?? ''));
  const [quiz, setQuiz] = useState<DraftQuiz>(
    section?.contentType === 'quiz' ? quizFromEditor(section.contentData as EditorQuiz) : emptyQuiz(),
  );
  const prefix = section ? `section-${section.id}` : 'new-section';

  const contentData = (): Record<string, unknown> => {
    switch (type) {
      case 'text':
        return { markdown };
      case 'exercise':
        return { instructions: markdown };
      case 'video':
        return caption ? { caption } : {};
      case 'quiz':
        return { ...quiz };
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ title, contentType: type, contentData: contentData(), required });
  };

  return (
    <form className="form section-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${prefix}-title`}>Section title</label>
        <input id={`${prefix}-title`} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-type`}>Section type</label>
        <select id={`${prefix}-type`} value={type} onChange={(e) => setType(e.target.value as SectionType)}>
          <option value="text">Text</option>
          <option value="quiz">Quiz</option>
          <option value="video">Video</option>
          <option value="exercise">Exercise</option>
        </select>
      </div>
      <label className="choice">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
        Required to complete the module
      </label>
      {type === 'text' || type === 'exercise' ? (
        <div className="markdown-editor">
          <div className="field">
            <label htmlFor={`${prefix}-markdown`}>{type === 'text' ? 'Markdown' : 'Instructions (markdown)'}</label>
            <textarea
              id={`${prefix}-markdown`}
              rows={10}
              value={markdown}
              onChange={(e) => setMarkdown(e.target.value)}
            />
          </div>
          <div>
            <p className="meta">Preview</p>
            <MarkdownView markdown={markdown} label="Markdown preview" />
          </div>
        </div>
      ) : null}
      {type === 'video' ? (
        <div className="field">
          <label htmlFor={`${prefix}-caption`}>Caption</label>
          <input id={`${prefix}-caption`} value={caption} onChange={(e) => setCaption(e.target.value)} />
          <p className="field-hint">
            {section ? 'The video is uploaded below the section.' : 'Save the section, then upload its video to it.'}
          </p>
        </div>
      ) : null}
      {type === 'quiz' ? <QuizBuilder quiz={quiz} onChange={setQuiz} /> : null}
      <p>
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>{' '}
        {onCancel ? (
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </p>
      <FormError error={error} />
    </form>
  );
}
