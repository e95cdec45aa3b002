export { createHttpJwksFetcher, type HttpJwksFetcherOptions } from './http-jwks-fetcher.ts';
