import type { IncomingMessage, ServerResponse } from "node:http";
import type { StubContext } from "./context";
import { homePage } from "./html";
import { pairsToMap, parseForm, readBody, sendText } from "./http";
import { countOnSale, simulatePurchase } from "./sales";

const HEADERS = {
  "Cache-Control": "no-store",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
};
const HTML = "text/html; charset=utf-8";

/** GET / on the www origin: the demo shops and their "Simulate a sale" buttons. */
export function handleHome(ctx: StubContext, req: IncomingMessage, res: ServerResponse, rawQuery: string): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, "text/plain; charset=utf-8", "Method not allowed", { Allow: "GET" });
    return;
  }
  const parsed = parseForm(rawQuery);
  const params = parsed.ok ? pairsToMap(parsed.pairs) : new Map<string, string>();
  const soldId = params.get("sold");
  const order = soldId && /^\d{1,20}$/.test(soldId) ? ctx.orders.byPurchaseId(soldId) : undefined;
  const seller = order ? ctx.sellers.byId(order.seller_id) : undefined;
  const html = homePage({
    sellers: ctx.sellers.all().map((entry) => ({
      id: entry.id,
      username: entry.username,
      onSale: countOnSale(entry),
      orders: ctx.orders.forSeller(entry.id).length,
    })),
    webhooks: ctx.webhooks.configured,
    ...(order && seller ? { sold: { username: seller.username, purchaseId: order.purchase_id } } : {}),
    ...(params.get("problem") === "not_on_sale" ? { problem: "That shop has nothing on sale to sell." } : {}),
  });
  sendText(res, 200, HTML, html, HEADERS);
}

/** POST /demo/sale (form: seller_id): simulates a sale, then back to the page. */
export async function handleDemoSale(ctx: StubContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") {
    sendText(res, 405, "text/plain; charset=utf-8", "Method not allowed", { Allow: "POST" });
    return;
  }
  const body = await readBody(req, 4096);
  const parsed = body.ok ? parseForm(body.body.toString("utf8")) : undefined;
  const sellerId = parsed?.ok ? pairsToMap(parsed.pairs).get("seller_id") : undefined;
  const seller = sellerId && /^\d{1,16}$/.test(sellerId) ? ctx.sellers.byId(Number(sellerId)) : undefined;
  if (!seller) {
    sendText(res, 400, "text/plain; charset=utf-8", "Unknown seller");
    return;
  }
  const result = await simulatePurchase(ctx, seller);
  const location = "order" in result ? `/?sold=${result.order.purchase_id}` : "/?problem=not_on_sale";
  res.writeHead(303, { ...HEADERS, Location: location, "Content-Length": 0 });
  res.end();
}
