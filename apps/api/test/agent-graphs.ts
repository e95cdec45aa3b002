/** Test support: agent graphs the workbench route tests create over HTTP. */

/** trigger → LLM (the offline model, "Say: {{input}}") → text output: completes in milliseconds. */
export function offlineEchoGraph(triggerType: 'manual' | 'webhook') {
  return {
    nodes: [
      { id: '1', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Start', triggerType } },
      {
        id: '2',
        type: 'llm',
        position: { x: 0, y: 100 },
        data: { label: 'LLM', prompt: 'Say: {{input}}', model: 'offline' },
      },
      { id: '3', type: 'output', position: { x: 0, y: 200 }, data: { label: 'Out', outputFormat: 'text' } },
    ],
    edges: [
      { id: 'e1', source: '1', target: '2' },
      { id: 'e2', source: '2', target: '3' },
    ],
  };
}
