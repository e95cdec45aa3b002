/** Wire format of the HTTP API, shared by the API (validation and OpenAPI) and the web app. */

export * from './ai/index.ts';
export * from './community/index.ts';
export * from './education/index.ts';
export * from './error-envelope.ts';
export * from './health.ts';
export * from './identity/index.ts';
export * from './moderation/index.ts';
export * from './notifications/index.ts';
export * from './page.ts';
export * from './platform.ts';
export * from './uploads/index.ts';
export * from './workbench/index.ts';
