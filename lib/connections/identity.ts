import "server-only";
import { config } from "../config";
import { db } from "../db";
import { getShop } from "../depop/api";
import { log } from "../log";
import { withAccessToken } from "./tokens";

/**
 * Asks Depop who the shop is now and stores a changed username or country (a seller can rename their shop). The
 * dashboard shows what was stored at connect time; this runs where a fresh look is worth a call (the connection
 * page). A failure changes nothing: the stored identity stays.
 */
export async function refreshShopIdentity(sellerId: string): Promise<void> {
  try {
    const shop = await withAccessToken(sellerId, (token) => getShop(config(), token));
    await db().seller.updateMany({
      where: { id: sellerId, OR: [{ username: { not: shop.username } }, { countryCode: { not: shop.country_code } }] },
      data: { username: shop.username, countryCode: shop.country_code },
    });
  } catch (error) {
    log.info("shop identity not refreshed", { sellerId, error });
  }
}
