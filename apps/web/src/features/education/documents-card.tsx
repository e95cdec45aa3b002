/** The editor's module documents (PDFs, markdown): the list learners get, and an upload that adds one. */
import type { EducationAsset } from '@diatonic/api-schemas';
import { AssetLink } from './asset-view.tsx';
import { ModuleFileUpload } from './module-file-upload.tsx';

export function DocumentList({ documents }: { documents: readonly EducationAsset[] }) {
  return (
    <ul className="document-list">
      {documents.map((doc) => (
        <li key={doc.uploadId}>
          <AssetLink asset={doc} />
        </li>
      ))}
    </ul>
  );
}

export function DocumentsCard({ moduleId, documents }: { moduleId: string; documents: readonly EducationAsset[] }) {
  return (
    <section className="card" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      {documents.length > 0 ? <DocumentList documents={documents} /> : <p className="meta">No documents yet.</p>}
      <ModuleFileUpload moduleId={moduleId} label="Add a document (PDF or markdown)" purpose="document" />
    </section>
  );
}
