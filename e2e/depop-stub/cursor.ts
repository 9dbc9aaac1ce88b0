import { createHmac, timingSafeEqual } from "node:crypto";

/** Where a page ended. Depop's cursors decode to `<product_id>|<created_at>|<n>` (§8). */
export interface CursorPosition {
  productId: number;
  createdAt: string;
  /** Products returned so far; informational, like Depop's third field. */
  n: number;
}

function mac(key: Buffer, binding: string, payload: string): string {
  return createHmac("sha256", key).update(`${binding}\n${payload}`).digest("base64url").slice(0, 22);
}

/**
 * Encodes as unpadded standard base64, like Depop's example. The MAC binds the cursor to the seller
 * and the listing's filters, so a cursor replayed with other parameters is rejected, not misread.
 */
export function encodeCursor(key: Buffer, binding: string, position: CursorPosition): string {
  const payload = `${position.productId}|${position.createdAt}|${position.n}`;
  return Buffer.from(`${payload}|${mac(key, binding, payload)}`, "utf8")
    .toString("base64")
    .replace(/=+$/, "");
}

export function decodeCursor(key: Buffer, binding: string, text: string): CursorPosition | undefined {
  if (!/^[A-Za-z0-9+/]{1,400}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  // Round-trip check rejects non-canonical encodings that Buffer would otherwise accept.
  if (bytes.toString("base64").replace(/=+$/, "") !== text) return undefined;
  const parts = bytes.toString("utf8").split("|");
  if (parts.length !== 4) return undefined;
  const [id, createdAt, n, signature] = parts as [string, string, string, string];
  if (!/^\d{1,15}$/.test(id) || !/^\d{1,15}$/.test(n)) return undefined;
  const expected = Buffer.from(mac(key, binding, `${id}|${createdAt}|${n}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { productId: Number(id), createdAt, n: Number(n) };
}
