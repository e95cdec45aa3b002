/**
 * Registries through which other modules take part in account export and deletion without identity
 * knowing them: education adds its enrolments to the export, community anonymises posts on deletion.
 */
import { AppError } from '../shared/errors.ts';

export interface AccountExportContext {
  userId: string;
  /** Organisations the user belongs to when the export runs. */
  organizationIds: string[];
}

/** Returns a JSON-serialisable value placed under its name in the export document. */
export type AccountExporter = (context: AccountExportContext) => Promise<unknown>;

export interface AccountDeletionContext {
  userId: string;
  /** Organisations the user left that keep existing: anonymise the user's content there ("deleted user"). */
  sharedOrganizationIds: string[];
  /** Organisations deleted with the account (the user was their only member): remove their content. */
  deletedOrganizationIds: string[];
}

export type AccountDeletionHook = (context: AccountDeletionContext) => Promise<void>;

export interface AccountExtensions {
  registerExporter(name: string, exporter: AccountExporter): void;
  registerDeletionHook(name: string, hook: AccountDeletionHook): void;
  exporters(): ReadonlyMap<string, AccountExporter>;
  deletionHooks(): ReadonlyMap<string, AccountDeletionHook>;
}

/** Names the export document uses itself; an exporter may not replace them. */
const reservedExportNames = new Set(['exportedAt', 'user', 'memberships', 'auditEntries']);

export function createAccountExtensions(): AccountExtensions {
  const exporters = new Map<string, AccountExporter>();
  const hooks = new Map<string, AccountDeletionHook>();
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
    exporters: () => exporters,
    deletionHooks: () => hooks,
  };
}
