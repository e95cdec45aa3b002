/** The full editor view of a module: its working copy with every section (quiz answers included). */
import type { StoredItem } from '../ports/item-store.ts';
import type { EducationDeps } from './education-deps.ts';
import type { ModuleRecord, SectionRecord } from './records.ts';
import { type ModuleView, type SectionView, toModuleView, toSectionView } from './views.ts';

export interface ModuleEditorView extends ModuleView {
  view: 'editor';
  sections: SectionView[];
}

export function toEditorView(
  deps: EducationDeps,
  head: StoredItem<ModuleRecord>,
  sections: readonly StoredItem<SectionRecord>[],
): ModuleEditorView {
  return {
    ...toModuleView(head, deps.assetUrl),
    view: 'editor',
    sections: sections.map((section, i) => toSectionView(section, i, deps.assetUrl, false)),
  };
}
