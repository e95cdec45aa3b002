/**
 * What the education scenarios need before they run: a signed-in learner in an organisation with
 * published modules. Made through the platform's own HTTP API right after it starts (before the
 * baseline starts, which reads it from BENCH_EDUCATION_SESSION): an author, a reviewer and a learner,
 * five modules of three sections each, published, the learner enrolled in the first with one section
 * done. The access token lives 15 minutes, longer than a full run of the education scenarios.
 */

export interface EducationBenchSession {
  accessToken: string;
  orgId: string;
  moduleId: string;
  /** The platform's published verification keys, so the baseline verifies tokens as it does. */
  jwks: Record<string, unknown>[];
  issuer: string;
  clientId: string;
}

const envName = 'BENCH_EDUCATION_SESSION';
const password = 'Bench-Scales-Modes-9';

/** One JSON call to the platform's API; a non-2xx answer fails the setup with its body. */
export async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  orgId?: string,
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(orgId ? { 'x-organization-id': orgId } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`bench setup: ${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const quiz = {
  passingScore: 50,
  questions: [
    {
      id: 'q1',
      prompt: 'What is a tensor?',
      choices: [
        { id: 'a', text: 'An array', correct: true },
        { id: 'b', text: 'A bird', correct: false },
      ],
    },
  ],
};

export async function prepareEducationSession(baseUrl: string): Promise<EducationBenchSession> {
  const stamp = Date.now();
  const signUp = (name: string) =>
    call<{ accessToken: string; user: { id: string; personalOrganizationId: string } }>(
      baseUrl,
      'POST',
      '/api/auth/signup',
      undefined,
      {
        name,
        email: `bench-${name}-${stamp}@example.com`,
        password,
      },
    );
  const author = await signUp('author');
  const reviewer = await signUp('reviewer');
  const learner = await signUp('learner');
  const orgId = author.user.personalOrganizationId;
  for (const [who, role] of [
    [reviewer, 'admin'],
    [learner, 'member'],
  ] as const) {
    const invitation = await call<{ token: string }>(
      baseUrl,
      'POST',
      `/api/orgs/${orgId}/invitations`,
      author.accessToken,
      {
        email: `bench-${who === reviewer ? 'reviewer' : 'learner'}-${stamp}@example.com`,
        role,
      },
    );
    await call(baseUrl, 'POST', '/api/invitations/accept', who.accessToken, { token: invitation.token });
  }
  const edu = '/api/education';
  const moduleIds: string[] = [];
  for (let n = 1; n <= 5; n++) {
    const module = await call<{ id: string }>(
      baseUrl,
      'POST',
      `${edu}/modules`,
      author.accessToken,
      {
        title: `Bench module ${n}`,
        description: 'Tensors, gradients and the rest',
        contentType: 'mixed',
        difficulty: 'beginner',
        tags: ['bench', 'ml'],
        learningObjectives: ['Know what a tensor is'],
      },
      orgId,
    );
    for (const section of [
      {
        title: 'Reading',
        contentType: 'text',
        contentData: { markdown: `# Tensors\n\n${'A tensor is an array. '.repeat(200)}` },
      },
      { title: 'Exercise', contentType: 'exercise', contentData: { instructions: 'Multiply two matrices.' } },
      { title: 'Check', contentType: 'quiz', contentData: quiz },
    ]) {
      await call(baseUrl, 'POST', `${edu}/modules/${module.id}/sections`, author.accessToken, section, orgId);
    }
    await call(baseUrl, 'POST', `${edu}/modules/${module.id}/submit`, author.accessToken, {}, orgId);
    await call(baseUrl, 'POST', `${edu}/modules/${module.id}/approve`, reviewer.accessToken, {}, orgId);
    moduleIds.push(module.id);
  }
  const moduleId = moduleIds[0] as string;
  await call(baseUrl, 'POST', `${edu}/modules/${moduleId}/enroll`, learner.accessToken, undefined, orgId);
  const details = await call<{ sections: { id: string }[] }>(
    baseUrl,
    'GET',
    `${edu}/modules/${moduleId}`,
    learner.accessToken,
    undefined,
    orgId,
  );
  await call(
    baseUrl,
    'POST',
    `${edu}/modules/${moduleId}/sections/${details.sections[0]?.id}/complete`,
    learner.accessToken,
    undefined,
    orgId,
  );

  const jwks = await call<{ keys: Record<string, unknown>[] }>(baseUrl, 'GET', '/.well-known/jwks.json');
  const claims = JSON.parse(Buffer.from(learner.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    iss: string;
    client_id: string;
  };
  return {
    accessToken: learner.accessToken,
    orgId,
    moduleId,
    jwks: jwks.keys,
    issuer: claims.iss,
    clientId: claims.client_id,
  };
}

export function publishEducationSession(session: EducationBenchSession): void {
  process.env[envName] = JSON.stringify(session);
}

/** The session prepared by run.ts (inherited by the baseline through its environment). */
export function educationSession(): EducationBenchSession {
  const text = process.env[envName];
  if (!text) throw new Error(`${envName} is not set: run the education scenarios through bench/run.ts`);
  return JSON.parse(text) as EducationBenchSession;
}

export const hasEducationSession = () => process.env[envName] !== undefined;
