/**
 * Seed step (demo data only, after demo-identity): one published agent in "Diatonic Demo", so a fresh
 * `npm start` opens the workbench on something that runs. Trigger → LLM (the default model, offline
 * unless one is configured) → markdown output. Safe to repeat: the agent is found by name and published
 * only when it has no published version yet.
 */
import { demoAccounts, demoActor } from './demo-identity-step.ts';
import type { SeedStep } from './seed-step.ts';

export const demoAgentName = 'Explain a concept';

const graph = {
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Start', triggerType: 'manual' } },
    {
      id: 'explain',
      type: 'llm',
      position: { x: 0, y: 140 },
      data: {
        label: 'Explain',
        system: 'You are a patient teacher of machine learning.',
        prompt: 'Explain {{input}} to a beginner in three short sentences, with one everyday example.',
        maxTokens: 200,
      },
    },
    { id: 'answer', type: 'output', position: { x: 0, y: 280 }, data: { label: 'Answer', outputFormat: 'markdown' } },
  ],
  edges: [
    { id: 'start-explain', source: 'start', target: 'explain' },
    { id: 'explain-answer', source: 'explain', target: 'answer' },
  ],
};

export const demoWorkbenchStep: SeedStep = {
  id: 'demo-workbench',
  async run({ identity, workbench, demoData }) {
    if (!demoData) return;
    if (!identity || !workbench)
      throw new Error('The demo workbench seed step needs the identity and workbench facades');
    const owner = await demoActor(identity, demoAccounts[0].email, 'owner');
    const existing = (await workbench.listAgents(owner, { limit: 100 })).items.find((a) => a.name === demoAgentName);
    const agent =
      existing ??
      (await workbench.createAgent(owner, {
        name: demoAgentName,
        description: 'Type a concept (say, "overfitting") and run: the model explains it for a beginner.',
        graph,
      }));
    if (agent.publishedVersion === null) await workbench.publishAgent(owner, agent.id);
  },
};
