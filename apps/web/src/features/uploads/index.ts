export { FileUpload, type FileUploadProps } from './file-upload.tsx';
export { runUpload, type UploadState } from './run-upload.ts';
export { useFileUpload } from './use-file-upload.ts';
