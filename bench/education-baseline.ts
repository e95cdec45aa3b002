/**
 * The bare versions of the education scenarios: the same token check (ES256 signature, issuer,
 * client, expiry), the same actor reads (user, membership, organisation) and the same item reads as the
 * platform's routes, on the platform's SQLite file, with the response built by the same pure view
 * functions, so only the framework, middleware and store layers differ.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database, Statement } from 'better-sqlite3';
import { toCatalogItem } from '../packages/core/src/education/catalog.ts';
import { learnerSections, toLearnerView } from '../packages/core/src/education/get-module.ts';
import type {
  EnrollmentRecord,
  ModuleRecord,
  SectionRecord,
  VersionRecord,
} from '../packages/core/src/education/records.ts';
import type { SectionView } from '../packages/core/src/education/views.ts';
import { sendJson } from './baseline-frame.ts';
import { educationSession } from './education-session.ts';

interface Row {
  pk: string;
  sk: string;
  data: string;
}

const columns = 'pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expires_at, version, data';

const sortable = (version: string) =>
  version
    .split('.')
    .map((part) => part.padStart(4, '0'))
    .join('.');

export function educationBaseline(db: Database) {
  const session = educationSession();
  const keys = new Map(session.jwks.map((jwk) => [jwk.kid as string, jwk]));
  const get: Statement<[string, string, number], Row> = db.prepare(
    `SELECT ${columns} FROM items WHERE pk = ? AND sk = ? AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const byGsi2: Statement<[string, number, number], Row> = db.prepare(
    `SELECT ${columns} FROM items WHERE gsi2pk = ? AND gsi2sk IS NOT NULL AND (expires_at IS NULL OR expires_at > ?) ORDER BY gsi2sk DESC, pk DESC, sk DESC LIMIT ?`,
  );
  const byPk: Statement<[string, number, number], Row> = db.prepare(
    `SELECT ${columns} FROM items WHERE pk = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY sk ASC LIMIT ?`,
  );
  const byPrefix: Statement<[string, string, string, number, number], Row> = db.prepare(
    `SELECT ${columns} FROM items WHERE pk = ? AND sk >= ? AND sk < ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY sk ASC LIMIT ?`,
  );
  const read = <T>(pk: string, sk: string, now: number) => {
    const row = get.get(pk, sk, now);
    return row ? (JSON.parse(row.data) as T) : undefined;
  };

  /** The user id of a valid access token, else undefined. */
  function verifyBearer(request: IncomingMessage): string | undefined {
    const token = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const [h, c, s] = token?.split('.') ?? [];
    if (!h || !c || !s) return undefined;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg: string; kid: string };
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
    const jwk = keys.get(header.kid);
    if (header.alg !== 'ES256' || !jwk) return undefined;
    const key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    const signature = Buffer.from(s, 'base64url');
    if (!verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) return undefined;
    if (claims.iss !== session.issuer || claims.client_id !== session.clientId || claims.token_use !== 'access')
      return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  }

  /** The actor's organisation after the same three reads the platform makes, else undefined. */
  function actorOrg(request: IncomingMessage, userId: string, now: number): string | undefined {
    const orgId = String(request.headers['x-organization-id'] ?? '');
    const user = read(`USER#${userId}`, 'PROFILE', now);
    const member = read(`T#${orgId}`, `MEMBER#${userId}`, now);
    const org = read(`T#${orgId}`, 'ORG', now);
    return user && member && org ? orgId : undefined;
  }

  // Published versions are immutable: like the platform (core/education/version-cache.ts), read once.
  const versionHeaders = new Map<string, VersionRecord | undefined>();
  const readVersion = (pk: string, version: string, now: number) => {
    const key = `${pk}|${version}`;
    if (!versionHeaders.has(key)) versionHeaders.set(key, read<VersionRecord>(pk, `VER#${sortable(version)}`, now));
    return versionHeaders.get(key);
  };
  const publishedSections = new Map<string, { sections: SectionRecord[]; views: SectionView[] }>();
  const assetUrl = (key: string) => `/api/files/${key}`;

  const refuse = (response: ServerResponse) => sendJson(response, 401, { error: { code: 'unauthenticated' } });

  const catalog = (request: IncomingMessage, response: ServerResponse) => {
    const now = Date.now() / 1000;
    const userId = verifyBearer(request);
    const orgId = userId ? actorOrg(request, userId, now) : undefined;
    if (!userId || !orgId) return refuse(response);
    const heads = byGsi2.all(`T#${orgId}#EDU#CATALOG`, now, 50).map((row) => JSON.parse(row.data) as ModuleRecord);
    for (const pointer of byPk.all('EDU#PUBLIC', now, 100)) {
      const p = JSON.parse(pointer.data) as { organizationId: string; moduleId: string };
      if (p.organizationId === orgId) continue;
      const head = read<ModuleRecord>(`T#${p.organizationId}#EDU#MOD#${p.moduleId}`, 'HEAD', now);
      if (head?.publishedVersion && head.status !== 'archived') heads.push(head);
    }
    const items = heads.flatMap((m) => {
      if (!m.publishedVersion) return [];
      const pk = `T#${m.organizationId}#EDU#MOD#${m.id}`;
      const v = readVersion(pk, m.publishedVersion, now);
      const e = read<EnrollmentRecord>(pk, `ENR#${userId}`, now);
      return v ? [toCatalogItem(m, v, e)] : [];
    });
    sendJson(response, 200, { items, nextCursor: null });
  };

  const moduleView = (request: IncomingMessage, response: ServerResponse) => {
    const now = Date.now() / 1000;
    const userId = verifyBearer(request);
    const orgId = userId ? actorOrg(request, userId, now) : undefined;
    if (!userId || !orgId) return refuse(response);
    const pk = `T#${orgId}#EDU#MOD#${session.moduleId}`;
    const head = read<ModuleRecord>(pk, 'HEAD', now);
    const enrollment = read<EnrollmentRecord>(pk, `ENR#${userId}`, now);
    const version = enrollment?.version ?? head?.publishedVersion;
    if (!head || !version) return sendJson(response, 404, { error: { code: 'not_found' } });
    const header = readVersion(pk, version, now) as VersionRecord;
    const cacheKey = `${pk}|${version}`;
    let published = publishedSections.get(cacheKey);
    if (!published) {
      const prefix = `VSEC#${sortable(version)}#`;
      const byId = new Map(
        byPrefix.all(pk, prefix, `${prefix}\uffff`, now, 1000).map((row) => {
          const section = JSON.parse(row.data) as SectionRecord;
          return [section.id, section];
        }),
      );
      const sections = header.sectionOrder.flatMap((id) => byId.get(id) ?? []);
      published = { sections, views: learnerSections(sections, assetUrl) };
      publishedSections.set(cacheKey, published);
    }
    sendJson(response, 200, toLearnerView(head, header, published.sections, published.views, enrollment, assetUrl));
  };

  return { catalog, moduleView };
}
