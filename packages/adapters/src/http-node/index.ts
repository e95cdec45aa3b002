/** The workbench `http` node executor and the egress guard it sends requests through. */
export * from './egress-errors.ts';
export * from './guarded-request.ts';
export * from './http-node-executor.ts';
export * from './resolve-host.ts';
