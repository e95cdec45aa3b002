/**
 * For tests: a worker thread that takes and opens a write gate with the checkpoint worker's own code
 * (write-gate.ts), so a test decides when writes on the main thread have to wait.
 */
import { Worker } from 'node:worker_threads';
import { workerGateSource } from './write-gate.ts';

const workers: Worker[] = [];

/**
 * A worker thread that takes the gate with the checkpoint worker's own code and opens it when told.
 * `answered()` reads, from shared memory, how its last `hold()` ended (undefined while it is trying), so
 * a test blocking this thread can still see it.
 */
export function gateHolder(buffer: SharedArrayBuffer) {
  const answer = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `${workerGateSource}
    const { parentPort, workerData } = require('node:worker_threads');
    const word = new Int32Array(workerData.gate);
    const answer = new Int32Array(workerData.answer);
    parentPort.on('message', (m) => {
      if (m === 'hold') {
        const took = holdGate(word);
        Atomics.store(answer, 0, took ? 1 : 2);
        parentPort.postMessage(took);
      }
      if (m === 'release') { releaseGate(word); parentPort.postMessage('released'); }
    });`,
    { eval: true, workerData: { gate: buffer, answer: answer.buffer } },
  );
  workers.push(worker);
  const ask = (message: string) =>
    new Promise<unknown>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(message);
    });
  return {
    worker,
    hold: () => {
      Atomics.store(answer, 0, 0);
      return ask('hold');
    },
    release: () => ask('release'),
    answered: (): boolean | undefined => {
      const value = Atomics.load(answer, 0);
      return value === 0 ? undefined : value === 1;
    },
  };
}

/** Ends every holder a test started (call from afterEach). */
export async function stopGateHolders(): Promise<void> {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
}
