/** The `http` node's pure parts: configuration, URL policy and IP address classification. */
export * from './http-config.ts';
export * from './ip-address.ts';
export * from './url-policy.ts';
