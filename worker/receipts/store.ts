export interface StoredReceipt {
  number: string;
  digest: string;
  kid: string;
  issued_at: string;
  scene: string | null;
  actor: string | null;
  item_count: number;
  /** The compact JWS; null once cleared after the retention period (see migrations/0002). */
  jws: string | null;
  /** SHA-256 (hex) of the page secret in the receipt's address (migrations/0007); null for older receipts. */
  secret_hash?: string | null;
}

/**
 * Stores a receipt; false when its number is taken (the caller draws another).
 * @example await storeReceipt(db, { number: "CX-20261127-7F3K9Q", digest, kid, issued_at, scene: "procurement", actor: "officer-1", item_count: 3, jws }) // true
 */
export async function storeReceipt(db: D1DatabaseSession | D1Database, receipt: StoredReceipt): Promise<boolean> {
  try {
    await db
      .prepare("INSERT INTO receipts (number, digest, kid, issued_at, scene, actor, item_count, jws, secret_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(receipt.number, receipt.digest, receipt.kid, receipt.issued_at, receipt.scene, receipt.actor, receipt.item_count, receipt.jws, receipt.secret_hash ?? null)
      .run();
    return true;
  } catch (err) {
    if (/UNIQUE|PRIMARY KEY|constraint/i.test(String(err))) return false;
    throw err;
  }
}

/**
 * A stored receipt by number, or null.
 * @example (await loadReceipt(db, "CX-20261127-7F3K9Q"))?.digest // SHA-256 hex of the JWS
 */
export async function loadReceipt(db: D1DatabaseSession | D1Database, number: string): Promise<StoredReceipt | null> {
  return db
    .prepare("SELECT number, digest, kid, issued_at, scene, actor, item_count, jws, secret_hash FROM receipts WHERE number = ?1")
    .bind(number)
    .first<StoredReceipt>();
}
