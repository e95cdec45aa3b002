/** Contract: payloads round-trip exactly (large, unicode, every JSON type); the size limit; getMany. */
import { describe, expect, it } from 'vitest';
import { measureItemBytes } from '../../shared/item-size.ts';
import { type ItemKey, type ItemStore, maxItemBytes, type StoredItem } from '../item-store.ts';
import { type ContractContext, expectAppError, keyId, putAll } from './contract-context.ts';

const unicodeData = {
  emoji: '😀 👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇷',
  cjk: '中文字符 日本語のテキスト 한국어',
  combining: 'e\u0301 a\u030a n\u0303 \u0915\u094d\u0937',
  rtl: 'مرحبا بالعالم שלום',
  nul: 'before\u0000after\u0000',
  controls: '\t\n\r\u0001\u001f\u007f',
  separators: '\u2028\u2029\uFEFF',
  escapes: 'quote " backslash \\ slash / <script>',
  'field with spaces, dots.and#marks': 'odd names work',
  'ключ 键 😀': 'unicode field name',
  list: ['é', '😀', '\u0000', ''],
};

const jsonTypes = {
  zero: 0,
  negative: -273.15,
  fraction: 0.1,
  small: 1e-7,
  maxSafe: Number.MAX_SAFE_INTEGER,
  minSafe: Number.MIN_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  empty: '',
  emptyList: [],
  emptyObject: {},
  mixed: [1, 'two', false, null, { three: [3] }, [[]]],
  deep: { a: { b: { c: { d: { e: { f: 'bottom' } } } } } },
};

export function describePayloadCases(t: ContractContext): void {
  describe('payloads', () => {
    const store = (): ItemStore => t.store();

    it('round-trips unicode exactly, in data, field names and keys', async () => {
      const ns = t.namespace();
      const item = {
        pk: `${ns}T#租户😀`,
        sk: 'é\u0301#中文#\u0000#🤖',
        gsi1pk: `${ns}ключ`,
        gsi1sk: '🏳️‍🌈',
        data: unicodeData,
      };
      await store().put(item);
      const read = await store().get(item);
      expect(read).toEqual({ ...item, version: 1 });
      // Strings compare exactly (code unit by code unit); key order is not kept (DynamoDB maps have none).
      for (const [field, value] of Object.entries(unicodeData)) expect(read?.data[field]).toStrictEqual(value);
      expect((await store().query({ index: 'gsi1', pk: item.gsi1pk })).items).toEqual([read]);
    });

    it('round-trips every JSON type, and numbers keep their value', async () => {
      const key = { pk: `${t.namespace()}T#1`, sk: 'types' };
      await store().put({ ...key, data: jsonTypes });
      expect((await store().get(key))?.data).toEqual(jsonTypes);
      const updated = await store().update(key, { set: { mixed: [2], deep: { x: null } }, add: { maxSafe: -1 } });
      expect(updated.data).toEqual({
        ...jsonTypes,
        mixed: [2],
        deep: { x: null },
        maxSafe: Number.MAX_SAFE_INTEGER - 1,
      });
    });

    it('round-trips a ~300 KB payload', async () => {
      const key = { pk: `${t.namespace()}T#1`, sk: 'large' };
      const chunk = '0123456789abcdef'.repeat(64); // 1 KiB
      const data = {
        body: Array.from({ length: 240 }, (_, i) => `${i}:${chunk}`).join('\n'),
        words: Array.from({ length: 2_000 }, (_, i) => ({ i, word: `wörd-${i}-😀` })),
      };
      const written = await store().put({ ...key, data });
      expect(measureItemBytes(written)).toBeGreaterThan(290_000);
      const read = await store().get(key);
      expect(read?.data.body).toBe(data.body);
      expect(read?.data).toEqual(data);
      expect((await store().query({ pk: key.pk })).items[0]?.data).toEqual(data);
    });

    it('accepts an item of exactly the size limit and rejects one byte more with payload_too_large', async () => {
      const key = { pk: `${t.namespace()}T#1`, sk: 'edge' };
      const shell: StoredItem = { ...key, data: { s: '' }, version: 1 };
      const fill = 'x'.repeat(maxItemBytes - measureItemBytes(shell));
      const exact = await store().put({ ...key, data: { s: fill } });
      expect(measureItemBytes(exact)).toBe(maxItemBytes);
      const error = await expectAppError(store().put({ ...key, data: { s: `${fill}y` } }), 'payload_too_large');
      expect(error.details).toMatchObject({ sizeBytes: maxItemBytes + 1, limitBytes: maxItemBytes });
      expect(await store().get(key)).toEqual(exact);
    });

    it('writes nothing when a put, update or transaction is too large', async () => {
      const ns = t.namespace();
      const key = { pk: `${ns}T#1`, sk: 'big' };
      const huge = 'é'.repeat(200_000); // 400,000 bytes of UTF-8
      await expectAppError(store().put({ ...key, data: { huge } }), 'payload_too_large');
      await expectAppError(store().update(key, { set: { huge } }), 'payload_too_large');
      expect(await store().get(key)).toBeUndefined();

      const before = await store().put({ ...key, data: { half: 'a'.repeat(300_000) } });
      await expectAppError(store().update(key, { set: { more: 'b'.repeat(300_000) } }), 'payload_too_large');
      expect(await store().get(key)).toEqual(before);

      const other = { pk: `${ns}T#1`, sk: 'small' };
      await expectAppError(
        store().transact([
          { kind: 'put', item: { ...other, data: { ok: true } } },
          { kind: 'put', item: { pk: `${ns}T#1`, sk: 'big2', data: { huge } } },
        ]),
        'payload_too_large',
      );
      expect(await store().get(other)).toBeUndefined();
    });

    it('gets up to 100 items at once, leaving out missing and expired ones', async () => {
      const ns = t.namespace();
      const key = (i: number): ItemKey => ({ pk: `${ns}T#${i % 3}`, sk: `k#${i}` });
      const past = t.nowSec() - 1;
      await putAll(
        store(),
        Array.from({ length: 70 }, (_, i) => ({ ...key(i), data: { i }, ...(i >= 60 ? { expiresAt: past } : {}) })),
      );
      const keys = Array.from({ length: 100 }, (_, i) => key(i));
      const found = await store().getMany<{ i: number }>(keys);
      expect(found.map((item) => item.data.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      for (const item of found) expect(item).toEqual({ ...key(item.data.i), data: { i: item.data.i }, version: 1 });

      const twice = await store().getMany([key(1), key(1), key(2), key(99)]);
      expect(twice.map(keyId).sort()).toEqual([keyId(key(1)), keyId(key(2))].sort());
      expect(await store().getMany([])).toEqual([]);
      await expectAppError(store().getMany(Array.from({ length: 101 }, (_, i) => key(i))), 'invalid_input');
    });
  });
}
