/**
 * <FileUpload> bound to one module's upload route; when the file is processed and attached, the
 * education queries are refetched so the editor shows it (thumbnail, section file or document).
 */
import { useQueryClient } from '@tanstack/react-query';
import { FileUpload, type FileUploadProps } from '../uploads/index.ts';
import { educationKey } from './education-queries.ts';

export function ModuleFileUpload({
  moduleId,
  ...props
}: { moduleId: string } & Omit<FileUploadProps, 'ownerUrl' | 'onReady'>) {
  const queryClient = useQueryClient();
  return (
    <FileUpload
      {...props}
      ownerUrl={`/api/education/modules/${encodeURIComponent(moduleId)}/upload`}
      onReady={() => queryClient.invalidateQueries({ queryKey: educationKey })}
    />
  );
}
