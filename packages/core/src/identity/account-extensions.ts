/**
 * Registries through which other modules take part in account export and deletion, and in organisation
 * deletion, without identity knowing them: education adds its enrolments to the export, community
 * anonymises posts on deletion, uploads removes a deleted organisation's files from the blob store.
 */
import { AppError } from '../shared/errors.ts';

export interface AccountExportContext {
  userId: string;
  /** Organisations the user belongs to when the export runs, and those they left that still exist. */
  organizationIds: string[];
}

/** Returns a JSON-serialisable value placed under its name in the export document. */
export type AccountExporter = (context: AccountExportContext) => Promise<unknown>;

export interface AccountDeletionContext {
  userId: string;
  /**
   * Organisations that keep existing, which the user leaves now or left earlier: anonymise the user's
   * content there ("deleted user") and remove what was kept about them.
   */
  sharedOrganizationIds: string[];
  /** Organisations deleted with the account (the user was their only member): remove their content. */
  deletedOrganizationIds: string[];
}

export type AccountDeletionHook = (context: AccountDeletionContext) => Promise<void>;

/**
 * What a module must do itself when an organisation is deleted, before identity sweeps every item under
 * `T#<orgId>`: anything outside those partitions (blobs, shared index partitions, pointers in global
 * partitions) and anything found only through the items the sweep removes. Runs again on every retry
 * of the purge, so it must be idempotent, and it runs with the organisation already invisible to requests.
 */
export type OrganizationPurge = (context: OrganizationPurgeContext) => Promise<void>;

export interface OrganizationPurgeContext {
  organizationId: string;
  /** Its members when it was deleted, and its former members (their records go with the sweep). */
  memberUserIds: string[];
}

export interface AccountExtensions {
  registerExporter(name: string, exporter: AccountExporter): void;
  registerDeletionHook(name: string, hook: AccountDeletionHook): void;
  registerOrganizationPurge(name: string, purge: OrganizationPurge): void;
  exporters(): ReadonlyMap<string, AccountExporter>;
  deletionHooks(): ReadonlyMap<string, AccountDeletionHook>;
  organizationPurges(): ReadonlyMap<string, OrganizationPurge>;
}

/** Names the export document uses itself; an exporter may not replace them. */
const reservedExportNames = new Set(['exportedAt', 'user', 'memberships', 'auditEntries']);

export function createAccountExtensions(): AccountExtensions {
  const exporters = new Map<string, AccountExporter>();
  const hooks = new Map<string, AccountDeletionHook>();
  const purges = new Map<string, OrganizationPurge>();
  return {
    registerExporter(name, exporter) {
      if (reservedExportNames.has(name) || exporters.has(name)) {
        throw AppError.conflict(`An account exporter named ${name} is already registered`);
      }
      exporters.set(name, exporter);
    },
    registerDeletionHook(name, hook) {
      if (hooks.has(name)) throw AppError.conflict(`An account deletion hook named ${name} is already registered`);
      hooks.set(name, hook);
    },
    registerOrganizationPurge(name, purge) {
      if (purges.has(name)) throw AppError.conflict(`An organisation purge named ${name} is already registered`);
      purges.set(name, purge);
    },
    exporters: () => exporters,
    deletionHooks: () => hooks,
    organizationPurges: () => purges,
  };
}
