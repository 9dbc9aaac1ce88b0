// An example job (`npm run job -- scripts/jobs/orders-to-ship.ts`): for every connected seller, ask Depop for the
// newest orders and print how many still wait to be shipped. Copy it to write your own: `depopForSeller` gives a
// typed client with a valid access token (renewed once across processes, paused while Depop rate-limits the seller).
import { activeSellers, closeJobs, DepopApiError, depopForSeller, ReconnectRequiredError } from "../../lib/jobs";

async function main() {
  for (const seller of await activeSellers()) {
    if (!seller.scopes.includes("orders_read")) {
      console.log(`${seller.depopShopId}: no orders_read permission`);
      continue;
    }
    try {
      const page = await depopForSeller(seller.sellerId)((depop) => depop.listOrders({ limit: 200 }));
      const pending = page.data.filter((order) => order.status === "SHIPPING_PENDING").length;
      console.log(`${seller.depopShopId}: ${pending} order(s) to ship`);
    } catch (error) {
      if (error instanceof ReconnectRequiredError) console.log(`${seller.depopShopId}: must reconnect`);
      else if (error instanceof DepopApiError) console.log(`${seller.depopShopId}: Depop error ${error.kind}`);
      else throw error;
    }
  }
}

main().finally(() => closeJobs());
