-- The single table behind the ItemStore (DESIGN §3): one row per item, keyed like the DynamoDB table.
-- Keys compare with SQLite's BINARY collation, i.e. by UTF-8 bytes, as DynamoDB orders them.
CREATE TABLE items (
  pk TEXT NOT NULL,
  sk TEXT NOT NULL,
  gsi1pk TEXT,
  gsi1sk TEXT,
  gsi2pk TEXT,
  gsi2sk TEXT,
  -- Epoch seconds; past it the item is invisible to reads and conditions, and swept later.
  expires_at INTEGER,
  version INTEGER NOT NULL,
  -- The payload as JSON text.
  data TEXT NOT NULL,
  PRIMARY KEY (pk, sk)
) STRICT, WITHOUT ROWID;

-- Sparse like the DynamoDB indexes: only items carrying both keys. In a WITHOUT ROWID table every index
-- entry also holds the primary key, so an entry is (gsi pk, gsi sk, pk, sk): a query finds, orders and
-- pages its items inside the index and reads the table only for the rows of the page.
CREATE INDEX items_gsi1 ON items (gsi1pk, gsi1sk) WHERE gsi1pk IS NOT NULL AND gsi1sk IS NOT NULL;
CREATE INDEX items_gsi2 ON items (gsi2pk, gsi2sk) WHERE gsi2pk IS NOT NULL AND gsi2sk IS NOT NULL;

-- For the sweep that deletes expired items.
CREATE INDEX items_expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
