/** Shared set-up for AI gateway tests: the memory item store, a hand-driven clock and scripted providers. */
import type { PlanId } from '../identity/plans.ts';
import type { OrgRole } from '../identity/roles.ts';
import type { LlmProvider } from '../ports/llm-provider.ts';
import type { Actor } from '../shared/actor.ts';
import { createMemoryItemStore } from '../testing/memory-item-store.ts';
import { type ScriptedLlm, type ScriptedLlmScript, scriptedLlm } from '../testing/scripted-llm.ts';
import type { AiDeps } from './ai-deps.ts';
import type { AlertEvent } from './budget-alerts.ts';
import { createAiDeps } from './index.ts';

export interface TestClock {
  nowMs(): number;
  advance(ms: number): void;
}

export function createTestClock(startMs = Date.UTC(2026, 2, 10, 9, 0, 0)): TestClock {
  let now = startMs;
  return {
    nowMs: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface AiTestKit {
  deps: AiDeps;
  clock: TestClock;
  llm: ScriptedLlm;
  alerts: AlertEvent[];
}

export function createAiTestKit(script: ScriptedLlmScript = { text: 'Hello there' }): AiTestKit {
  const clock = createTestClock();
  const llm = scriptedLlm(script);
  const alerts: AlertEvent[] = [];
  const deps = createAiDeps({
    store: createMemoryItemStore({ clock }),
    clock,
    providerFor: (): LlmProvider => llm,
    notifyAlert: async (event) => {
      alerts.push(event);
    },
  });
  return { deps, clock, llm, alerts };
}

export function testActor(overrides: Partial<Actor> & { role?: OrgRole; plan?: PlanId } = {}): Actor {
  return { userId: 'usr_alice', orgId: 'org_one', role: 'owner', plan: 'free', ...overrides };
}

export const haiku = 'anthropic.claude-3-haiku-20240307-v1:0';
export const sonnet = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
