import "server-only";
import { config } from "../config";
import { decrypt, encrypt, sealedWithOldKey } from "../crypto";
import { db } from "../db";
import { eventContext } from "./events";
import { orderContext } from "./store";

/** `npm run keys:rotate` for stored event payloads and order details (the tokens: lib/connections/keys.ts). */
export async function reencryptStoredData(): Promise<{ reencrypted: number; current: number; unreadable: number }> {
  const keys = config().tokenKeys;
  const result = { reencrypted: 0, current: 0, unreadable: 0 };
  const reseal = async (sealed: string, context: string, write: (value: string) => Promise<number>) => {
    if (!sealedWithOldKey(sealed, keys)) {
      result.current++;
      return;
    }
    let plain: string;
    try {
      plain = decrypt(sealed, context, keys);
    } catch {
      result.unreadable++;
      return;
    }
    if ((await write(encrypt(plain, context, keys))) === 1) result.reencrypted++;
  };
  const events = await db().webhookEvent.findMany({
    where: { payloadSealed: { not: null } },
    select: { id: true, payloadSealed: true },
  });
  for (const event of events) {
    if (!event.payloadSealed) continue;
    const old = event.payloadSealed;
    await reseal(old, eventContext(event.id), async (value) => {
      // Only if nobody changed it meanwhile (a purge, another rotation).
      const { count } = await db().webhookEvent.updateMany({
        where: { id: event.id, payloadSealed: old },
        data: { payloadSealed: value },
      });
      return count;
    });
  }
  const orders = await db().order.findMany({
    where: { detailsSealed: { not: null } },
    select: { sellerId: true, purchaseId: true, detailsSealed: true },
  });
  for (const order of orders) {
    if (!order.detailsSealed) continue;
    const old = order.detailsSealed;
    await reseal(old, orderContext(order.sellerId, order.purchaseId), async (value) => {
      const { count } = await db().order.updateMany({
        where: { sellerId: order.sellerId, purchaseId: order.purchaseId, detailsSealed: old },
        data: { detailsSealed: value },
      });
      return count;
    });
  }
  return result;
}
