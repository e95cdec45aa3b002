/**
 * buildDeps: the composition root, the only place that picks an adapter for each port, with one
 * exhaustive switch on each config union. It also does the start-up I/O config.ts may not do
 * (generating secrets under DATA_DIR, opening the database).
 *
 * The local adapters (SQLite store and queue, blob folder) are imported only when the configuration
 * picks them: the API Lambda's cold start would otherwise parse them (and better-sqlite3's wrapper)
 * for nothing.
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHttpJwksFetcher } from '@diatonic/adapters/cognito';
import { createDynamoItemStore } from '@diatonic/adapters/dynamodb';
import { createOfflineLlm, createOpenAiCompatibleLlm } from '@diatonic/adapters/llm';
import type { LocalBlobStore } from '@diatonic/adapters/local-blobs';
import { createMediaInspector } from '@diatonic/adapters/media';
import type { SqliteDatabase, SqliteItemStore } from '@diatonic/adapters/sqlite';
import {
  type AccessTokenVerifier,
  type AiGateway,
  AppError,
  attachmentUploadsFrom,
  type BlobStore,
  type CatalogModel,
  type Clock,
  type Community,
  createAiGateway,
  createCognitoVerifier,
  createCommunity,
  createEducation,
  createEventLog,
  createIdentity,
  createIds,
  createLlmToxicityClassifier,
  createModeration,
  createNotifications,
  createUploads,
  createWorkbench,
  type Education,
  type EventLog,
  type Identity,
  type Ids,
  type ItemStore,
  type JobHandlers,
  type JobQueue,
  type LlmProvider,
  type Moderation,
  type ModerationTarget,
  type Notifications,
  type Notify,
  type ScryptParams,
  systemClock,
  type Uploads,
  uploadJobTypes,
  type Workbench,
  type WriteAndSend,
  writeThenSend,
} from '@diatonic/core';
import { createBudgetAlertDelivery } from './alerts/budget-alert-delivery.ts';
import type { Config } from './config.ts';
import type { Logger } from './http/app-env.ts';
import { lazyBlobStore, lazyJobQueue, lazyLlm, lazyLoader } from './lazy-adapter.ts';
import { loggedNotify } from './logged-notify.ts';
import { createLogger } from './logger.ts';
import { loadOrCreateSecret } from './secret-file.ts';
import { workbenchExecutors } from './workbench-executors.ts';

export interface Workers {
  stop(): Promise<void>;
}

export interface Deps {
  config: Config;
  logger: Logger;
  clock: Clock;
  ids: Ids;
  itemStore: ItemStore;
  jobQueue: JobQueue;
  /** Users, organisations, sessions and the audit log, on the same item store. */
  identity: Identity;
  /** The AI gateway (models, completions, limits, usage), on the same item store. */
  ai: AiGateway;
  /** Modules, review and publishing, learners' progress (issue 4), on the same item store. */
  education: Education;
  /** Community moderation: review pipeline, flags, queue, decisions, word list. */
  moderation: Moderation;
  /** In-app notifications; modules get `notifications.notify` through `loggedNotify` (logged-notify.ts). */
  notifications: Notifications;
  /** Agents and their durable runs (the engine's job handlers come from `workbench.jobHandlers()`). */
  workbench: Workbench;
  /** The ordered per-channel event log (community live updates; other modules may publish to it). */
  events: EventLog;
  /** Posts, comments, reactions, profiles, feeds (issue 5). */
  community: Community;
  /** Uploaded files: the local folder or S3 (config.blobs). */
  blobStore: BlobStore;
  /** The local adapter again when BLOBS=local, whose signed URLs the API serves (routes/blobs.ts). */
  localBlobs: LocalBlobStore | undefined;
  /** The generic upload pipeline; owners (education's `module`, …) register with `uploads.registerOwner`. */
  uploads: Uploads;
  /** Turns a bearer token into a verified identity: the built-in ES256 verifier or Cognito's. */
  verifyAccessToken: AccessTokenVerifier;
  /** Brings storage up to date: SQLite migrations; nothing on DynamoDB, whose table is infrastructure. */
  migrate(): Promise<void>;
  /** Runs queue workers in this process when the queue is local (on SQS, the worker Lambda consumes). */
  startWorkers(handlers: JobHandlers): Workers;
  /** Releases every resource buildDeps opened, in reverse order. */
  close(): Promise<void>;
}

export interface DepsOverrides {
  logger?: Logger;
  clock?: Clock;
  /** Tests only: cheaper scrypt. Production keeps identity's default (N = 2^15). */
  passwordHashing?: ScryptParams;
  /**
   * Tests only, until community's post and comment targets are wired here: the content moderation
   * acts on (flags, hiding, decisions), built over the same item store.
   */
  moderationTargets?: (store: ItemStore) => ModerationTarget[];
}

const jwksFetchTimeoutMs = 5_000;

const workerPollIntervalMs = 1_000;

function assertNever(value: never): never {
  throw new Error(`Unhandled configuration: ${JSON.stringify(value)}`);
}

type Closer = () => Promise<void> | void;

interface Context {
  config: Config;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  cursorSecret: string;
  /** Everything opened so far, closed in reverse order by Deps.close or when building fails. */
  closers: Closer[];
  /** The SQLite database of the items, when storage is SQLite (the local queue shares it). */
  sqlite?: SqliteDatabase;
  sqliteStore?: SqliteItemStore;
  /** Item writes and the jobs they make ready in one transaction, when the store and the queue share a database. */
  writeAndSend?: WriteAndSend;
}

async function openDatabase(context: Context, file: string): Promise<SqliteDatabase> {
  const { openSqlite, startBackgroundCheckpoints } = await import('@diatonic/adapters/sqlite');
  const db = openSqlite(file);
  context.closers.push(() => {
    db.close();
  });
  if (file !== ':memory:') {
    // The WAL's fsyncing checkpoints run on a worker thread, not inside a request's commit.
    const checkpoints = startBackgroundCheckpoints(db);
    context.closers.push(() => checkpoints.stop());
  }
  return db;
}

async function pickItemStore(context: Context): Promise<Pick<Deps, 'itemStore' | 'migrate'>> {
  const { config, clock, cursorSecret } = context;
  const nowMs = () => clock.nowMs();
  switch (config.storage.kind) {
    case 'sqlite': {
      const { createSqliteItemStore, migrate: migrateSqlite } = await import('@diatonic/adapters/sqlite');
      const db = await openDatabase(context, config.storage.file);
      context.sqlite = db;
      // The store prepares its statements against the schema, so the tables must exist first;
      // migrate() is idempotent, so `diatonic migrate` and the start sequence may run it again.
      migrateSqlite(db);
      context.sqliteStore = createSqliteItemStore(db, { cursorSecret, nowMs });
      return { itemStore: context.sqliteStore, migrate: async () => migrateSqlite(db) };
    }
    case 'dynamodb': {
      const { table, region, endpoint } = config.storage;
      // The store owns the client and destroys it on close().
      const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region, ...(endpoint ? { endpoint } : {}) }));
      return {
        itemStore: createDynamoItemStore({ client, tableName: table, cursorSecret, nowMs }),
        migrate: async () => {},
      };
    }
    default:
      return assertNever(config.storage);
  }
}

async function pickJobQueue(context: Context, itemStore: ItemStore): Promise<Pick<Deps, 'jobQueue' | 'startWorkers'>> {
  const { config, clock, ids, logger } = context;
  switch (config.queue.kind) {
    case 'local': {
      // The queue keeps its own tables: beside the items when storage is SQLite, else in their own file.
      const { createLocalJobQueue, sqliteWriteAndSend, startLocalWorkers } = await import(
        '@diatonic/adapters/local-queue'
      );
      const db = context.sqlite ?? (await openDatabase(context, join(config.dataDir, 'queue.db')));
      const queue = createLocalJobQueue(db, { nowMs: () => clock.nowMs(), ids });
      if (context.sqliteStore && db === context.sqlite)
        context.writeAndSend = sqliteWriteAndSend(context.sqliteStore, queue);
      const { concurrency, visibilityTimeoutMs } = config.queue;
      return {
        jobQueue: queue,
        startWorkers: (handlers) =>
          startLocalWorkers({
            queue,
            handlers,
            concurrency,
            pollIntervalMs: workerPollIntervalMs,
            visibilityTimeoutMs,
            logger,
          }),
      };
    }
    case 'sqs': {
      const { queueUrl, contentQueueUrl, region, endpoint } = config.queue;
      // The SDK client is created on the first send (lazy-adapter.ts): most requests never enqueue.
      const sqs = lazyLoader(async () => {
        const [{ SQSClient }, { createSqsJobQueue }] = await Promise.all([
          import('@aws-sdk/client-sqs'),
          import('@diatonic/adapters/sqs'),
        ]);
        const client = new SQSClient({ region, ...(endpoint ? { endpoint } : {}) });
        // Deduplication markers go to the item store (see packages/adapters/src/sqs/README.md). Upload
        // processing goes to its own queue when there is one: its Lambda has sharp and more memory.
        const queue = createSqsJobQueue({
          client,
          queueUrl,
          ...(contentQueueUrl ? { queueUrlsByType: { [uploadJobTypes.process]: contentQueueUrl } } : {}),
          store: itemStore,
          nowMs: () => clock.nowMs(),
          ids,
        });
        return { client, queue };
      });
      context.closers.push(() => sqs.loaded()?.client.destroy());
      return {
        jobQueue: lazyJobQueue(async () => (await sqs.get()).queue),
        // Lambda's SQS event source runs the jobs (entry/lambda-worker.ts); nothing polls in this process.
        startWorkers: () => {
          logger.info({ queueUrl }, 'QUEUE=sqs: jobs run in the worker Lambda, not in this process');
          return { stop: async () => {} };
        },
      };
    }
    default:
      return assertNever(config.queue);
  }
}

function pickIdentity(
  context: Context,
  itemStore: ItemStore,
  jobQueue: JobQueue,
  passwordHashing: ScryptParams | undefined,
): Pick<Deps, 'identity' | 'verifyAccessToken'> {
  const { config, clock, ids } = context;
  const { issuer, clientId } = config.auth;
  const identity = createIdentity({
    store: itemStore,
    clock,
    ids,
    issuer,
    clientId,
    // A deleted organisation's purge job goes out with the deletion (in its transaction on SQLite).
    writeAndSend: context.writeAndSend ?? writeThenSend(itemStore, jobQueue),
    ...(passwordHashing ? { passwordHashing } : {}),
  });
  switch (config.auth.mode) {
    case 'builtin':
      return { identity, verifyAccessToken: identity.verifyBuiltInAccessToken };
    case 'cognito': {
      const { region, userPoolId, jwksUrl } = config.auth;
      const fetchJwks = createHttpJwksFetcher({
        timeoutMs: jwksFetchTimeoutMs,
        ...(jwksUrl ? { urlOverride: jwksUrl } : {}),
      });
      return { identity, verifyAccessToken: createCognitoVerifier({ region, userPoolId, clientId, fetchJwks, clock }) };
    }
    default:
      return assertNever(config.auth);
  }
}

/** Sends a catalog model to the OpenAI-compatible server under the server's own name (OPENAI_MODEL_MAP). */
function renamedModel(provider: LlmProvider, serverModel: string): LlmProvider {
  return {
    name: provider.name,
    complete: (request) => provider.complete({ ...request, model: serverModel }),
    stream: (request) => provider.stream({ ...request, model: serverModel }),
  };
}

function notConfigured(model: CatalogModel, what: string): AppError {
  return new AppError('unavailable', `Model ${model.id} is not available on this server: ${what}`, {
    details: { reason: 'provider_not_configured', model: model.id, provider: model.provider },
  });
}

/** `providerFor` of the gateway: the offline model always, the others as config.llm allows. */
function pickModelProviders(config: Config): (model: CatalogModel) => LlmProvider {
  const offline = createOfflineLlm();
  const llm = config.llm;
  switch (llm.provider) {
    case 'offline':
      return (model) => {
        if (model.provider === 'offline') return offline;
        throw notConfigured(
          model,
          model.provider === 'bedrock'
            ? 'set LLM_PROVIDER=bedrock and AWS_REGION, or map it with LLM_PROVIDER=openai-compatible and OPENAI_MODEL_MAP'
            : 'set LLM_PROVIDER=openai-compatible and OPENAI_BASE_URL',
        );
      };
    case 'openai-compatible': {
      const openai = createOpenAiCompatibleLlm({ baseUrl: llm.baseUrl, ...(llm.apiKey ? { apiKey: llm.apiKey } : {}) });
      const renamed = new Map(Object.entries(llm.modelMap).map(([id, name]) => [id, renamedModel(openai, name)]));
      return (model) => {
        const mapped = renamed.get(model.id);
        if (mapped) return mapped;
        if (model.provider === 'offline') return offline;
        if (model.provider === 'openai-compatible') return openai;
        throw notConfigured(
          model,
          `map it to a model of ${llm.baseUrl} with OPENAI_MODEL_MAP=${model.id}=<model name>`,
        );
      };
    }
    case 'bedrock': {
      // The Bedrock SDK client is created on the first model call (lazy-adapter.ts).
      const bedrockClient = lazyLoader(async () => {
        const { createBedrockLlm } = await import('@diatonic/adapters/bedrock');
        return createBedrockLlm({ region: llm.region, ...(llm.endpoint ? { endpoint: llm.endpoint } : {}) });
      });
      const bedrock = lazyLlm('bedrock', bedrockClient.get);
      return (model) => {
        if (model.provider === 'offline') return offline;
        if (model.provider === 'bedrock') return bedrock;
        throw notConfigured(model, 'set LLM_PROVIDER=openai-compatible and OPENAI_BASE_URL');
      };
    }
    default:
      return assertNever(llm);
  }
}

function pickAi(
  context: Context,
  itemStore: ItemStore,
  identity: Identity,
  notify: Notify,
  jobQueue: JobQueue,
): AiGateway {
  const { config, clock, ids, logger } = context;
  return createAiGateway({
    store: itemStore,
    clock,
    ids,
    providerFor: pickModelProviders(config),
    notifyAlert: createBudgetAlertDelivery({ identity, notify, jobQueue, logger }),
  });
}

function pickWorkbench(
  context: Context,
  itemStore: ItemStore,
  jobQueue: JobQueue,
  identity: Identity,
  ai: AiGateway,
  notify: Notify,
): Workbench {
  const { config, clock, ids } = context;
  return createWorkbench({
    store: itemStore,
    queue: jobQueue,
    ...(context.writeAndSend ? { writeAndSend: context.writeAndSend } : {}),
    clock,
    ids,
    executors: workbenchExecutors({ ai }),
    notify,
    // Webhook runs act for the agent's creator with their current membership; gone → the webhook is 404.
    actorFor: async (orgId, userId) => {
      try {
        return await identity.resolveActor({ provider: 'builtin', sub: userId, groups: [] }, { organizationId: orgId });
      } catch {
        return null;
      }
    },
    settings: { stepClaimMs: config.workbench.stepClaimMs },
  });
}

/**
 * Community with its moderation seam: every create and edit goes through `moderation.review`, and the
 * author's trust level comes from moderation (computed over community's own activity counters).
 */
function pickCommunity(
  context: Context,
  itemStore: ItemStore,
  identity: Identity,
  notify: Notify,
  events: EventLog,
  moderationOf: () => Moderation,
  uploads: Uploads,
  blobStore: BlobStore,
  jobQueue: JobQueue,
): Community {
  const { clock, ids } = context;
  const community = createCommunity({
    store: itemStore,
    clock,
    ids,
    events,
    notify,
    // Account deletion queues the removal of the user's files here (community.jobHandlers run it).
    jobs: jobQueue,
    findMember: (organizationId, userId) => identity.findMember(organizationId, userId),
    review: (content) => moderationOf().review(content),
    trustLevelOf: (organizationId, userId) => moderationOf().trustLevelOf(organizationId, userId),
    authorTrustOf: (organizationId, userId) => moderationOf().authorTrustOf(organizationId, userId),
    // Post attachments go through the upload pipeline (owner `post-attachment`, registered below).
    uploads: attachmentUploadsFrom(
      uploads,
      async (key, fileName) =>
        (await blobStore.createDownloadUrl({ key, expiresInSeconds: 15 * 60, ...(fileName ? { fileName } : {}) })).url,
    ),
  });
  // Account export includes the user's community content; deletion anonymises or purges it.
  identity.registerAccountExporter('community', community.exportAccountData);
  identity.registerAccountDeletionHook('community', community.deleteAccountData);
  uploads.registerOwner(community.attachmentOwner);
  return community;
}

async function pickBlobStore(context: Context): Promise<Pick<Deps, 'blobStore' | 'localBlobs'>> {
  const { config, clock } = context;
  const blobs = config.blobs;
  switch (blobs.kind) {
    case 'local': {
      const { createLocalBlobStore } = await import('@diatonic/adapters/local-blobs');
      const secret = await loadOrCreateSecret(config.secrets.blobSigning);
      const store = createLocalBlobStore({
        dir: blobs.dir,
        secret,
        nowMs: () => clock.nowMs(),
        ...(blobs.publicBaseUrl ? { urlBase: blobs.publicBaseUrl } : {}),
      });
      return { blobStore: store, localBlobs: store };
    }
    case 's3': {
      // The S3 client (and the presigner) are loaded on the first blob operation (lazy-adapter.ts).
      const s3 = lazyLoader(async () => {
        const { createS3BlobStore, createS3Client } = await import('@diatonic/adapters/s3');
        const client = createS3Client({
          region: blobs.region,
          ...(blobs.endpoint ? { endpoint: blobs.endpoint } : {}),
        });
        return { client, store: createS3BlobStore({ client, bucket: blobs.bucket }) };
      });
      context.closers.push(() => s3.loaded()?.client.destroy());
      return { blobStore: lazyBlobStore(async () => (await s3.get()).store), localBlobs: undefined };
    }
    default:
      return assertNever(blobs);
  }
}

/** The LLM toxicity classifier when MODERATION_TOXICITY_MODEL names a model; the author's budget pays. */
function pickToxicityClassifier(context: Context, identity: Identity, ai: AiGateway) {
  const model = context.config.moderation.toxicityModel;
  if (!model) return undefined;
  const { logger } = context;
  return createLlmToxicityClassifier({
    model,
    complete: (actor, input) => ai.complete(actor, input),
    actorFor: async ({ organizationId, authorId }) => {
      const org = await identity.getOrganization({ userId: authorId }, { organizationId });
      return { userId: authorId, orgId: organizationId, role: org.role, plan: org.plan };
    },
    onError: (err) => logger.warn({ err }, 'moderation: the toxicity model failed; the lexicon answered'),
  });
}

function pickModeration(
  context: Context,
  itemStore: ItemStore,
  identity: Identity,
  ai: AiGateway,
  notify: Notify,
  targets: ModerationTarget[],
  activity: Community['getActivity'],
): Moderation {
  const { clock, ids, logger } = context;
  const classifier = pickToxicityClassifier(context, identity, ai);
  return createModeration({
    store: itemStore,
    clock,
    ids,
    notify,
    targets,
    ...(classifier ? { classifier } : {}),
    // Posts, comments and reactions received from community's profile counters; the member count
    // (bootstrap mode) from the organisation the member belongs to.
    activityOf: async (organizationId, userId) => {
      const [counts, org] = await Promise.all([
        activity(organizationId, userId),
        identity.getOrganization({ userId }, { organizationId }).catch(() => null),
      ]);
      return {
        postCount: counts.posts,
        commentCount: counts.comments,
        reactionsReceived: counts.reactionsReceived,
        ...(org ? { organizationMemberCount: org.memberCount } : {}),
      };
    },
    audit: (entry) => identity.recordAudit(entry),
    reportError: (err, what) => logger.error({ err }, `moderation: ${what} failed`),
  });
}

function pickEducation(
  context: Context,
  itemStore: ItemStore,
  identity: Identity,
  notify: Notify,
  blobStore: BlobStore,
  uploads: Uploads,
  jobQueue: JobQueue,
): Education {
  const { clock, ids } = context;
  const education = createEducation({
    store: itemStore,
    clock,
    ids,
    memberCount: async (actor) => (await identity.getOrganization(actor, { organizationId: actor.orgId })).memberCount,
    notify,
    signDownload: async (key) => (await blobStore.createDownloadUrl({ key, expiresInSeconds: 15 * 60 })).url,
    // A deleted module's files leave the blob store and the storage quota (education.jobHandlers).
    jobs: jobQueue,
    uploads,
  });
  identity.registerAccountExporter('education', education.exportAccount);
  identity.registerAccountDeletionHook('education', education.eraseAccount);
  return education;
}

async function closeAll(closers: Closer[]): Promise<void> {
  for (const close of [...closers].reverse()) await close();
}

export async function buildDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const logger = overrides.logger ?? createLogger(config.log.level);
  const clock = overrides.clock ?? systemClock;
  const ids = createIds(() => clock.nowMs());
  const cursorSecret = await loadOrCreateSecret(config.secrets.cursor);
  const context: Context = { config, clock, ids, logger, cursorSecret, closers: [] };
  try {
    const storage = await pickItemStore(context);
    context.closers.push(() => storage.itemStore.close());
    const queue = await pickJobQueue(context, storage.itemStore);
    const auth = pickIdentity(context, storage.itemStore, queue.jobQueue, overrides.passwordHashing);
    const notifications = createNotifications({ store: storage.itemStore, clock, ids });
    const notify = loggedNotify(notifications.notify, logger);
    const ai = pickAi(context, storage.itemStore, auth.identity, notify, queue.jobQueue);
    const blobs = await pickBlobStore(context);
    const uploads = createUploads({
      store: storage.itemStore,
      blobs: blobs.blobStore,
      queue: queue.jobQueue,
      inspector: createMediaInspector(),
      notify,
      clock,
      ids,
    });
    const events = createEventLog({ store: storage.itemStore, clock });
    // Community and moderation need each other (review and trust one way, targets and activity the
    // other); both take functions, so community closes over moderation, built right after it.
    let moderation: Moderation | undefined;
    const community = pickCommunity(
      context,
      storage.itemStore,
      auth.identity,
      notify,
      events,
      () => {
        if (!moderation) throw new Error('moderation is not built yet');
        return moderation;
      },
      uploads,
      blobs.blobStore,
      queue.jobQueue,
    );
    const moderationTargets = overrides.moderationTargets?.(storage.itemStore) ?? [
      community.moderationTargets.post,
      community.moderationTargets.comment,
    ];
    moderation = pickModeration(
      context,
      storage.itemStore,
      auth.identity,
      ai,
      notify,
      moderationTargets,
      community.getActivity,
    );
    const workbench = pickWorkbench(context, storage.itemStore, queue.jobQueue, auth.identity, ai, notify);
    const education = pickEducation(
      context,
      storage.itemStore,
      auth.identity,
      notify,
      blobs.blobStore,
      uploads,
      queue.jobQueue,
    );
    uploads.registerOwner(education.moduleUploadOwner);
    // A deleted organisation: what lies outside its T#<orgId> partitions, before identity sweeps those.
    auth.identity.registerOrganizationPurge('uploads', ({ organizationId }) =>
      uploads.purgeOrganization(organizationId),
    );
    auth.identity.registerOrganizationPurge('education', education.purgeOrganization);
    // The other modules' parts of the account export and of deletion (each module's account-data.ts says what).
    auth.identity.registerAccountExporter('workbench', workbench.exportAccount);
    for (const [name, module] of [
      ['ai', ai],
      ['notifications', notifications],
      ['moderation', moderation],
    ] as const) {
      auth.identity.registerAccountExporter(name, module.exportAccount);
      auth.identity.registerAccountDeletionHook(name, module.deleteAccount);
    }
    let closed: Promise<void> | undefined;
    return {
      config,
      logger,
      clock,
      ids,
      ...storage,
      ...queue,
      ...auth,
      ai,
      education,
      moderation,
      notifications,
      workbench,
      ...blobs,
      uploads,
      events,
      community,
      close: () => (closed ??= closeAll(context.closers)),
    };
  } catch (err) {
    await closeAll(context.closers);
    throw err;
  }
}
