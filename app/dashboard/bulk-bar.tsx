import { ConnectButton } from "@/app/components/connect-button";
import { startBulkJob } from "@/app/dashboard/jobs/actions";

export const BULK_FORM_ID = "bulk-form";

/**
 * The dashboard's bulk actions: a plain form that the cards' checkboxes belong to (their `form` attribute), so
 * selecting and submitting work with the keyboard and without JavaScript. Without `products_write` it shows what
 * the actions would do and the button that asks Depop for the permission.
 */
export function BulkBar({ canWrite }: { canWrite: boolean }) {
  if (!canWrite) {
    return (
      <section className="bulk-bar" aria-labelledby="bulk-heading">
        <h3 id="bulk-heading">Change several listings at once</h3>
        <p>
          Change prices, mark listings as sold or delete them in bulk: grant this app Depop's{" "}
          <code>products_write</code> permission first.
        </p>
        <ConnectButton label="Grant permission to edit listings" scope="products_write" />
      </section>
    );
  }
  return (
    <form id={BULK_FORM_ID} action={startBulkJob} className="bulk-bar" aria-labelledby="bulk-heading">
      <h3 id="bulk-heading" className="visually-hidden">
        Change several listings at once
      </h3>
      <p className="hint">Tick the listings to change (only listings on sale can be ticked).</p>
      <button type="submit" name="preset" value="minus10" className="button secondary">
        Change price by −10%
      </button>
      <fieldset>
        <legend className="visually-hidden">Bulk action</legend>
        <div className="field">
          <label htmlFor="bulk-action">Action</label>
          <select id="bulk-action" name="action" defaultValue="price">
            <option value="price">Change price</option>
            <option value="mark_sold">Mark as sold</option>
            <option value="delete">Delete</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="bulk-change-kind">Change by</label>
          <select id="bulk-change-kind" name="change_kind" defaultValue="percent">
            <option value="percent">Percent</option>
            <option value="amount">Fixed amount</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="bulk-change-value">Price change</label>
          <input id="bulk-change-value" name="change_value" defaultValue="-10" inputMode="decimal" size={6} />
        </div>
        <label className="select-item">
          <input type="checkbox" name="all_on_sale" value="1" />
          Every listing on sale in my shop
        </label>
        <button type="submit" className="button">
          Apply to selected
        </button>
      </fieldset>
    </form>
  );
}
