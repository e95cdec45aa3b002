import { describe, expect, it } from 'vitest';
import { uploadIdOf } from './module-files.ts';

const prefix = 'orgs/org_1/modules/mod_01ABCDEFGHJKMNPQRSTVWXYZ00/';

describe('uploadIdOf', () => {
  it("finds this module's upload in an object key or an asset link", () => {
    expect(uploadIdOf(`${prefix}thumbnails/upl_01M8B18KX865E494W8NNC55W5A.webp`, prefix)).toBe(
      'upl_01M8B18KX865E494W8NNC55W5A',
    );
    const link = `/api/education/modules/mod_01ABCDEFGHJKMNPQRSTVWXYZ00/asset?key=${encodeURIComponent(
      `${prefix}documents/upl_7.pdf`,
    )}`;
    expect(uploadIdOf(link, prefix)).toBe('upl_7');
  });

  it("names no upload for external links, another module's files or odd keys", () => {
    expect(uploadIdOf('https://example.com/upl_7.png', prefix)).toBeUndefined();
    expect(uploadIdOf('orgs/org_1/modules/mod_other/images/upl_7.png', prefix)).toBeUndefined();
    expect(uploadIdOf(`${prefix}../mod_other/images/upl_7.png`, prefix)).toBeUndefined();
    expect(uploadIdOf(`${prefix}images/picture.png`, prefix)).toBeUndefined();
    expect(uploadIdOf(null, prefix)).toBeUndefined();
  });
});
