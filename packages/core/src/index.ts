/** Public surface of the domain. Adapters and the API import from here (or from `@diatonic/core/testing`). */

export * from './ports/item-store.ts';
export * from './shared/clock.ts';
export * from './shared/errors.ts';
export * from './shared/ids.ts';
