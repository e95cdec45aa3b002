/**
 * What an instructor learns about a module: enrolments, completion rate, the average score of each
 * quiz question (from per-question counters), and where learners who have not finished stop.
 */
import type { Actor } from '../shared/actor.ts';
import { loadWorkingCopy, queryAll, requireEditable } from './access.ts';
import type { EducationDeps } from './education-deps.ts';
import { enrollmentPrefix, modulePartition, questionStatPrefix } from './keys.ts';
import type { EnrollmentRecord, QuestionStatRecord, QuizContent, SectionRecord } from './records.ts';
import { loadVersion } from './versions.ts';

export interface ModuleInsights {
  moduleId: string;
  enrollments: number;
  completions: number;
  /** completions / enrollments, 0–1 (0 with no enrolments). */
  completionRate: number;
  averagePercentComplete: number;
  questions: {
    sectionId: string;
    sectionTitle: string | null;
    questionId: string;
    prompt: string | null;
    attempts: number;
    correct: number;
    /** Percent of attempts that got this question right. */
    averageScore: number;
  }[];
  /** Sections where learners who have not finished stand, most first. */
  dropOff: { sectionId: string; title: string | null; learners: number }[];
  /** The section where learners stop most, or null. */
  mostStoppedAt: { sectionId: string; title: string | null; learners: number } | null;
}

export async function insights(deps: EducationDeps, actor: Actor, moduleId: unknown): Promise<ModuleInsights> {
  const head = await requireEditable(deps, actor, moduleId, 'module:insights');
  const m = head.data;
  const pk = modulePartition(m.organizationId, m.id);
  const [enrollments, stats, copy, published] = await Promise.all([
    queryAll<EnrollmentRecord>(deps, pk, enrollmentPrefix),
    queryAll<QuestionStatRecord>(deps, pk, questionStatPrefix),
    loadWorkingCopy(deps, m.organizationId, m.id),
    m.publishedVersion ? loadVersion(deps, m.organizationId, m.id, m.publishedVersion) : undefined,
  ]);
  // Titles and prompts from the working copy, else the latest published version.
  const sections = new Map<string, SectionRecord>();
  for (const s of published?.sections ?? []) sections.set(s.id, s);
  for (const s of copy?.sections ?? []) sections.set(s.data.id, s.data);
  const promptOf = (sectionId: string, questionId: string) => {
    const section = sections.get(sectionId);
    if (section?.contentType !== 'quiz') return null;
    return (section.contentData as QuizContent).questions.find((q) => q.id === questionId)?.prompt ?? null;
  };
  const order = [...(copy?.head.data.sectionOrder ?? []), ...(published?.header.sectionOrder ?? [])];
  const position = (sectionId: string) => {
    const index = order.indexOf(sectionId);
    return index === -1 ? order.length : index;
  };
  const learners = enrollments.map((e) => e.data);
  const completions = learners.filter((e) => e.completedAt !== null).length;
  const stops = new Map<string, number>();
  for (const e of learners) {
    if (e.completedAt === null && e.nextSectionId) stops.set(e.nextSectionId, (stops.get(e.nextSectionId) ?? 0) + 1);
  }
  const dropOff = [...stops.entries()]
    .map(([sectionId, count]) => ({ sectionId, title: sections.get(sectionId)?.title ?? null, learners: count }))
    // Most learners first; ties in the module's order, so the earliest sticking point leads.
    .sort((a, b) => b.learners - a.learners || position(a.sectionId) - position(b.sectionId));
  return {
    moduleId: m.id,
    enrollments: learners.length,
    completions,
    completionRate: learners.length === 0 ? 0 : completions / learners.length,
    averagePercentComplete:
      learners.length === 0 ? 0 : Math.round(learners.reduce((sum, e) => sum + e.percentComplete, 0) / learners.length),
    questions: stats.map(({ data }) => ({
      sectionId: data.sectionId,
      sectionTitle: sections.get(data.sectionId)?.title ?? null,
      questionId: data.questionId,
      prompt: promptOf(data.sectionId, data.questionId),
      attempts: data.attempts,
      correct: data.correct,
      averageScore: data.attempts === 0 ? 0 : Math.round((data.correct / data.attempts) * 100),
    })),
    dropOff,
    mostStoppedAt: dropOff[0] ?? null,
  };
}
