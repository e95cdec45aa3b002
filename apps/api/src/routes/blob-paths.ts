/** The local blob store's signed upload URL: exempt from the JSON body limit (app.ts), served by blobs.ts. */
export const blobUploadPath = '/api/blobs/upload';
