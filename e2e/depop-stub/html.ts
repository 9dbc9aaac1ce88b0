import { escapeHtml } from "./http";
import { SCOPE_DESCRIPTIONS, type Scope } from "./scopes";

/** Plain, script-free styling; colours keep WCAG AA contrast so accessibility scans pass. */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f5;color:#1a1a1a;line-height:1.5}
header{background:#fff;border-bottom:1px solid #ddd;padding:12px 24px}
.brand{margin:0;font-weight:800;font-size:1.4rem;letter-spacing:-.02em;color:#b3000c}
main{max-width:540px;margin:32px auto;padding:28px;background:#fff;border:1px solid #ddd;border-radius:12px}
h1{font-size:1.35rem;margin:0 0 12px}
p{margin:0 0 16px}
fieldset{border:1px solid #ccc;border-radius:8px;margin:0 0 20px;padding:12px 16px}
legend{font-weight:700;padding:0 6px}
label{display:flex;gap:10px;align-items:flex-start;padding:6px 0;cursor:pointer}
input{margin-top:5px}
code{background:#f0f0f0;padding:1px 4px;border-radius:4px;font-size:.9em}
.hint{color:#555;font-size:.9rem}
.actions{display:flex;gap:12px}
button{font:inherit;font-weight:700;padding:10px 22px;border-radius:8px;border:2px solid #1a1a1a;cursor:pointer}
.grant{background:#1a1a1a;color:#fff}
.deny{background:#fff;color:#1a1a1a}
button:focus-visible,input:focus-visible{outline:3px solid #005fcc;outline-offset:2px}
footer{text-align:center;color:#555;font-size:.85rem;padding:0 0 24px}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p class="brand">Depop (stub)</p></header>
<main>
${body}
</main>
<footer><p>Local test double of Depop. Not affiliated with Depop.</p></footer>
</body>
</html>
`;
}

export interface ConsentView {
  requestId: string;
  clientId: string;
  redirectUri: string;
  scopes: Scope[];
  sellers: { id: number; username: string }[];
}

export function consentPage(view: ConsentView): string {
  const scopeItems = view.scopes
    .map(
      (scope) =>
        `<label><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> <span><code>${escapeHtml(scope)}</code> ${escapeHtml(SCOPE_DESCRIPTIONS[scope])}</span></label>`,
    )
    .join("\n");
  const sellerItems = view.sellers
    .map(
      (seller, i) =>
        `<label><input type="radio" name="seller_id" value="${seller.id}"${i === 0 ? " checked" : ""}> <span>${escapeHtml(seller.username)}</span></label>`,
    )
    .join("\n");
  let redirectHost = view.redirectUri;
  try {
    redirectHost = new URL(view.redirectUri).host;
  } catch {
    // Registered URIs are configured by us; fall back to the raw value if one is odd.
  }
  return page(
    `Authorize ${view.clientId} | Depop (stub)`,
    `<h1>${escapeHtml(view.clientId)} wants access to your Depop shop</h1>
<p>Depop (stub): the app <strong>${escapeHtml(view.clientId)}</strong> is asking for the permissions below. You can untick any you do not want to give.</p>
<form method="post" action="/settings/oauth/apps/decision">
<input type="hidden" name="request_id" value="${escapeHtml(view.requestId)}">
<fieldset>
<legend>Sign in as</legend>
${sellerItems}
</fieldset>
<fieldset>
<legend>Permissions requested</legend>
${scopeItems}
</fieldset>
<p class="hint">After you decide you will be sent back to <strong>${escapeHtml(redirectHost)}</strong>.</p>
<div class="actions">
<button type="submit" name="decision" value="grant" class="grant">Grant access</button>
<button type="submit" name="decision" value="deny" class="deny">Deny</button>
</div>
</form>`,
  );
}

export function errorPage(heading: string, message: string): string {
  return page(
    `${heading} | Depop (stub)`,
    `<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(message)}</p>`,
  );
}

export interface HomeView {
  sellers: { id: number; username: string; onSale: number; orders: number }[];
  webhooks: boolean;
  sold?: { username: string; purchaseId: string };
  problem?: string;
}

/** The stub's own page: the demo shops, and a "Simulate a sale" button for each (a purchase, as on staging). */
export function homePage(view: HomeView): string {
  const rows = view.sellers
    .map(
      (
        seller,
      ) => `<li><strong>${escapeHtml(seller.username)}</strong>: ${seller.onSale} on sale, ${seller.orders} order(s)
<form method="post" action="/demo/sale"><input type="hidden" name="seller_id" value="${seller.id}"><button type="submit" class="grant" aria-label="Simulate a sale for ${escapeHtml(seller.username)}">Simulate a sale</button></form></li>`,
    )
    .join("\n");
  const status = view.sold
    ? `<p role="status">Sold: order ${escapeHtml(view.sold.purchaseId)} for ${escapeHtml(view.sold.username)}. ${view.webhooks ? "A signed <code>v1:order.new</code> went to the app." : "No webhook URL is configured, so nothing was delivered."}</p>`
    : view.problem
      ? `<p role="alert">${escapeHtml(view.problem)}</p>`
      : "";
  return page(
    "Depop (stub)",
    `<h1>Stub Depop</h1>
<p>A local double of Depop's Seller API. A simulated sale creates an order awaiting shipment, marks the product purchased and delivers a signed webhook to the app.</p>
${status}
<ul>
${rows}
</ul>`,
  );
}
