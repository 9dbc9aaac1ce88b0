import { z } from "zod";
import { ConnectButton } from "@/app/components/connect-button";
import { Notice } from "@/app/components/notice";
import type { Product } from "@/lib/depop/schemas";
import { listingVersion, PROBLEM_TEXT } from "@/lib/listings/edit";
import { markSold, removeListing } from "./actions";
import { EditForm } from "./edit-form";
import { formValues } from "./edit-state";

/** The outcome codes the single-item actions put in the URL (our own words only; anything else is ignored). */
const outcomeSchema = z.object({
  done: z.enum(["sold", "deleted"]).optional().catch(undefined),
  problem: z
    .enum(["missing_scope", "reconnect", "not_found", "not_on_sale", "rate_limited", "unavailable", "rejected"])
    .optional()
    .catch(undefined),
  confirm: z.enum(["sold", "delete"]).optional().catch(undefined),
  offers: z.literal("1").optional().catch(undefined),
});

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);

function GrantPermission() {
  return <ConnectButton label="Grant permission to edit listings" scope="products_write" />;
}

/**
 * Edit, mark as sold and delete, on the product page. Plain forms posting to server actions, with a confirmation
 * step for the two that cannot be undone: all of it works without JavaScript. Without `products_write` the seller
 * sees what is possible and the button that asks Depop for that permission.
 */
export function ManageListing({
  product,
  canWrite,
  search,
}: {
  product: Product;
  canWrite: boolean;
  search: Record<string, string | string[] | undefined>;
}) {
  const outcome = outcomeSchema.parse({
    done: single(search.done),
    problem: single(search.problem),
    confirm: single(search.confirm),
    offers: single(search.offers),
  });
  const href = `/dashboard/products/${product.product_id}`;
  const onSale = product.status === "STATUS_ONSALE";
  const deleted = product.status.startsWith("STATUS_DELETED");

  if (!canWrite || outcome.problem === "missing_scope") {
    return (
      <section className="listing-actions" aria-labelledby="manage-heading">
        <h2 id="manage-heading">Manage this listing</h2>
        <Notice title="Grant permission to edit listings" tone="warn">
          <p>
            To edit the price, quantity, description or shipping, mark this listing as sold or delete it, this app needs
            Depop's <code>products_write</code> permission, which your shop has not granted. Depop will ask you to
            approve it; nothing else changes.
          </p>
          <GrantPermission />
        </Notice>
      </section>
    );
  }

  return (
    <>
      {outcome.done === "sold" && (
        <Notice title="Marked as sold">
          <p>Depop shows this listing as sold; buyers can no longer buy it.</p>
        </Notice>
      )}
      {outcome.done === "deleted" && (
        <Notice title="Listing deleted">
          <p>Buyers can no longer see this listing on Depop.</p>
          <a className="button secondary" href="/dashboard">
            Back to your shop
          </a>
        </Notice>
      )}
      {outcome.problem && (
        <Notice title="Nothing was changed" tone="bad">
          <p>{PROBLEM_TEXT[outcome.problem]}</p>
        </Notice>
      )}
      {onSale && (
        <EditForm
          initial={{
            productId: product.product_id,
            version: listingVersion(product),
            values: formValues(product),
            errors: {},
          }}
          currency={product.price_currency}
          grantPermission={<GrantPermission />}
        />
      )}
      {!deleted && (
        <section className="listing-actions" aria-labelledby="manage-heading">
          <h2 id="manage-heading">Sold or no longer for sale?</h2>
          {outcome.confirm === "sold" && onSale ? (
            <Notice title="Mark this listing as sold?" tone="warn">
              <p>Buyers will no longer be able to buy it on Depop. Use this when you sold it elsewhere.</p>
              <div className="actions">
                <form action={markSold}>
                  <input type="hidden" name="product_id" value={product.product_id} />
                  <button type="submit" className="button">
                    Yes, mark as sold
                  </button>
                </form>
                <a className="button secondary" href={href}>
                  Cancel
                </a>
              </div>
            </Notice>
          ) : outcome.confirm === "delete" ? (
            <Notice
              title={outcome.offers ? "Buyers have live offers on this listing" : "Delete this listing?"}
              tone={outcome.offers ? "bad" : "warn"}
            >
              <p>
                {outcome.offers
                  ? "Depop did not delete it: buyers have made offers that are still open. Deleting it anyway withdraws the listing and those offers."
                  : "Buyers will no longer see it on Depop. This cannot be undone here."}
              </p>
              <div className="actions">
                <form action={removeListing}>
                  <input type="hidden" name="product_id" value={product.product_id} />
                  {outcome.offers && <input type="hidden" name="anyway" value="1" />}
                  <button type="submit" className="button danger">
                    {outcome.offers ? "Delete anyway" : "Yes, delete"}
                  </button>
                </form>
                <a className="button secondary" href={href}>
                  Cancel
                </a>
              </div>
            </Notice>
          ) : (
            <div className="actions">
              {onSale && (
                <a className="button secondary" href={`${href}?confirm=sold`}>
                  Mark as sold…
                </a>
              )}
              <a className="button danger" href={`${href}?confirm=delete`}>
                Delete…
              </a>
            </div>
          )}
        </section>
      )}
    </>
  );
}
