/** The audit log: one entry per state-changing request, read by owners and admins, never edited. */
import { z } from 'zod';
import { PageQuery, pageOf } from '../page.ts';

export const AuditEntry = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    actorId: z.string(),
    /** Stable `resource.verb` name of the route, e.g. `org.rename`, `member.remove`. */
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    at: z.iso.datetime(),
    requestId: z.string().nullable(),
    outcome: z.enum(['success', 'failure', 'denied']),
    /** For failures: `{ errorCode }`. */
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = pageOf(AuditEntry).meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditQuery = PageQuery.extend({
  actorId: z.string().min(1).max(128).optional(),
  action: z.string().min(1).max(64).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
