import type { IncomingMessage, ServerResponse } from "node:http";
import type { StubContext } from "./context";
import { IMAGE_SIZE, productAt } from "./data";
import { sendText } from "./http";
import { MEDIA_PATH } from "./routes";

/** GET /media/<product_id>/P<n>.png on the www origin: the pictures product objects link to. */
export async function handleMedia(
  ctx: StubContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, "text/plain; charset=utf-8", "Method not allowed", { Allow: "GET, HEAD" });
    return;
  }
  const match = MEDIA_PATH.exec(path);
  const owner = match?.[1] === undefined ? undefined : ctx.sellers.ownerOf(Number(match[1]));
  const n = Number(match?.[2] ?? Number.NaN);
  const pictures = owner ? productAt(owner.seller, owner.index, ctx.urls.www).pictures.length : 0;
  if (!owner || !(n >= 0 && n < pictures)) {
    sendText(res, 404, "text/plain; charset=utf-8", "Not found");
    return;
  }
  const png = await ctx.images.get(owner.seller.firstProductId + owner.index, n, IMAGE_SIZE);
  sendText(res, 200, "image/png", png, {
    "Cache-Control": "public, max-age=86400",
    // Lets the app's pages embed the pictures even if they opt into cross-origin isolation.
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
}
