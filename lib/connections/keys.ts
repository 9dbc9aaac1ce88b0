import "server-only";
import { config } from "../config";
import { decrypt, encrypt, sealedWithOldKey } from "../crypto";
import { db } from "../db";

/**
 * Re-encrypts every stored token pair sealed with an older key under the current (first) key. Rows being
 * refreshed right now are skipped (their refresh writes with the current key anyway); rows no configured key
 * can open are left alone and counted, so an operator can see them.
 */
export async function reencryptConnections(): Promise<{ reencrypted: number; current: number; unreadable: number }> {
  const keys = config().tokenKeys;
  const result = { reencrypted: 0, current: 0, unreadable: 0 };
  for (const connection of await db().connection.findMany()) {
    const { sellerId } = connection;
    if (
      !sealedWithOldKey(connection.accessTokenSealed, keys) &&
      !sealedWithOldKey(connection.refreshTokenSealed, keys)
    ) {
      result.current++;
      continue;
    }
    let access: string;
    let refresh: string;
    try {
      access = decrypt(connection.accessTokenSealed, `${sellerId}/access`, keys);
      refresh = decrypt(connection.refreshTokenSealed, `${sellerId}/refresh`, keys);
    } catch {
      result.unreadable++;
      continue;
    }
    const now = new Date();
    const updated = await db().connection.updateMany({
      where: {
        sellerId,
        version: connection.version,
        OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lt: now } }],
      },
      data: {
        accessTokenSealed: encrypt(access, `${sellerId}/access`, keys),
        refreshTokenSealed: encrypt(refresh, `${sellerId}/refresh`, keys),
      },
    });
    if (updated.count === 1) result.reencrypted++;
  }
  return result;
}
