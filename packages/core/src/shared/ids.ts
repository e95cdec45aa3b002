/**
 * Sortable, prefixed identifiers (`mod_01J…`): a 48-bit millisecond timestamp and 80 random bits,
 * Crockford base32, so ids sort by creation time and stay self-describing in logs and keys.
 */

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface Ids {
  next(prefix: string): string;
}

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 32];
  return out;
}

export function createIds(nowMs: () => number = Date.now): Ids {
  let lastMs = -1;
  let lastTime = '';
  let lastRandom = new Uint8Array(16);
  return {
    next(prefix) {
      const ms = nowMs();
      if (ms === lastMs) {
        // Same millisecond: increment the random part so ids stay strictly increasing in one process.
        lastRandom = lastRandom.slice();
        for (let i = lastRandom.length - 1; i >= 0; i--) {
          lastRandom[i] = ((lastRandom[i] ?? 0) + 1) % 32;
          if (lastRandom[i] !== 0) break;
        }
      } else {
        lastMs = ms;
        lastTime = encodeTime(ms);
        lastRandom = crypto.getRandomValues(new Uint8Array(16)).map((b) => b % 32);
      }
      return `${prefix}_${lastTime}${encodeRandom(lastRandom)}`;
    },
  };
}
