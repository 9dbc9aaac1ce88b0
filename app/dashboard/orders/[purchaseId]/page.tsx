import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { ConnectButton } from "@/app/components/connect-button";
import { Notice } from "@/app/components/notice";
import { readConnection, signedInSeller } from "@/app/dashboard/data";
import { DepopProblem, ReconnectNotice, StorageUnavailable } from "@/app/dashboard/depop-problem";
import { DepopApiError } from "@/lib/depop/api";
import type { Order, OrderLineItem } from "@/lib/depop/schemas";
import { formatDate, formatMoney, lineItemTitle, orderStatus } from "@/lib/format";
import { markParcelShipped } from "../actions";
import { loadOrder } from "../data";
import { type ShipNotice, shipNoticeSchema } from "../query";

export const metadata: Metadata = { title: "Order" };

const purchaseIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

const FIELD_ERRORS: Record<string, string> = {
  required: "Enter this to mark the parcel as shipped.",
  invalid: "Use letters, digits, spaces and dashes only.",
  rejected: "Depop did not accept this. Check it and try again.",
};

const SHIP_ERRORS: Record<string, string> = {
  rejected: "Depop did not accept this shipment. Check the tracking number and carrier.",
  unavailable: "Depop could not be reached. Nothing was changed; please try again.",
  not_found: "Depop has no such parcel in this order.",
  rate_limited: "Depop asked us to slow down. Please try again in a minute.",
  reconnect: "Depop no longer accepts this app's access. Reconnect to continue.",
};

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ purchaseId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard/orders" />;
  if (!sellerId) redirect("/");
  const id = purchaseIdSchema.safeParse((await params).purchaseId);
  if (!id.success) notFound();
  const purchaseId = id.data;
  const href = `/dashboard/orders/${encodeURIComponent(purchaseId)}`;
  const connection = await readConnection(sellerId);
  if (connection === "unavailable") return <StorageUnavailable retryHref={href} />;
  if (!connection) redirect("/");
  const raw = await searchParams;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);
  const notice = shipNoticeSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, single(value)])),
  );

  const back = (
    <p>
      <a href="/dashboard/orders">← Back to your orders</a>
    </p>
  );
  if (connection.status === "reconnect_required") {
    return (
      <>
        {back}
        <h1>Order {purchaseId}</h1>
        <ReconnectNotice />
      </>
    );
  }
  if (!connection.scopes.includes("orders_read")) {
    return (
      <>
        {back}
        <h1>Order {purchaseId}</h1>
        <DepopProblem
          error={new DepopApiError("insufficient_scope", "orders need orders_read", { scope: "orders_read" })}
          retryHref={href}
        />
      </>
    );
  }

  let order: Order | null;
  try {
    order = await loadOrder(sellerId, purchaseId);
  } catch (error) {
    return (
      <>
        {back}
        <h1>Order {purchaseId}</h1>
        <DepopProblem error={error} retryHref={href} />
      </>
    );
  }
  // Only the order that was asked for: an answer about another one is not this page's.
  if (!order || order.purchase_id !== purchaseId) notFound();

  const status = orderStatus(order.status);
  const money = (amount: string | undefined) =>
    amount === undefined ? undefined : formatMoney(amount, order.currency);
  const address = order.buyer_address;
  const addressLines = address
    ? [
        address.name,
        address.address ?? address.address_line_1,
        address.address_line_2 ?? undefined,
        [address.city, address.state ?? undefined, address.postcode].filter(Boolean).join(", "),
        address.country_code,
      ].filter((line): line is string => Boolean(line))
    : [];
  const parcels = new Map<string, OrderLineItem[]>();
  for (const item of order.line_items) parcels.set(item.parcel_id, [...(parcels.get(item.parcel_id) ?? []), item]);
  const canShip = order.status === "SHIPPING_PENDING";
  const canWrite = connection.scopes.includes("orders_write");
  const refund = order.refund_summary;

  return (
    <>
      {back}
      <h1>Order {order.purchase_id}</h1>
      <p className="meta">
        <span className={`badge ${status.tone}`}>{status.label}</span>
        <span>{formatDate(new Date(order.created_at))}</span>
      </p>
      {notice.ship_error === "missing_scope" && (
        <MissingWriteScope message="Depop says marking as shipped needs the orders_write permission." />
      )}
      {notice.shipped && (
        <Notice title="Marked as shipped">
          <p>Depop has the tracking details for this parcel.</p>
        </Notice>
      )}
      <dl className="facts spaced">
        <dt>Buyer pays</dt>
        <dd>{money(order.buyer_pays_amount)}</dd>
        <dt>You receive</dt>
        <dd>{money(order.seller_receives_amount)}</dd>
        {order.buyer_shipping_price !== undefined && (
          <>
            <dt>Shipping paid by the buyer</dt>
            <dd>{money(order.buyer_shipping_price)}</dd>
          </>
        )}
        {order.buyer_tax_amount !== undefined && (
          <>
            <dt>Tax</dt>
            <dd>{money(order.buyer_tax_amount)}</dd>
          </>
        )}
        {(order.seller_fee_breakdown ?? []).map((fee, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fees have no id of their own
          <div key={index}>
            <dt>Fee: {(fee.name ?? fee.type ?? "fee").replaceAll("_", " ")}</dt>
            <dd>{money(fee.amount) ?? "—"}</dd>
          </div>
        ))}
        {refund && (
          <>
            <dt>Refunded</dt>
            <dd>
              {money(refund.total_refunded_amount) ?? "yes"}
              {refund.items_refunded_amount !== undefined && ` (items ${money(refund.items_refunded_amount)}`}
              {refund.shipping_refunded_amount !== undefined &&
                `${refund.items_refunded_amount !== undefined ? ", " : " ("}shipping ${money(refund.shipping_refunded_amount)}`}
              {(refund.items_refunded_amount !== undefined || refund.shipping_refunded_amount !== undefined) && ")"}
            </dd>
          </>
        )}
      </dl>
      <h2 className="spaced">Ship to</h2>
      {addressLines.length > 0 ? (
        <address>
          {addressLines.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </address>
      ) : (
        <p className="hint">Depop did not send an address for this order.</p>
      )}
      <h2 className="spaced">Parcels</h2>
      {canShip && !canWrite && (
        <MissingWriteScope message="Marking parcels as shipped needs the orders_write permission, which your shop did not grant." />
      )}
      <ol className="parcels">
        {[...parcels.entries()].map(([parcelId, items], index) => (
          <li key={parcelId} id={`parcel-${parcelId}`}>
            <h3>Parcel {index + 1}</h3>
            <ul className="line-items" aria-label={`Items in parcel ${index + 1}`}>
              {items.map((item) => (
                <li key={`${item.product_id}-${item.purchase_item_id ?? ""}`}>
                  {item.image_url ? (
                    // biome-ignore lint/performance/noImgElement: remote Depop images are shown as they are, sized
                    <img src={item.image_url} alt="" width={56} height={56} loading="lazy" decoding="async" />
                  ) : (
                    <span className="no-image" />
                  )}
                  <a href={`/dashboard/products/${item.product_id}`}>{lineItemTitle(item)}</a>
                  {item.sold_price && <span className="hint">{money(item.sold_price)}</span>}
                  {item.sold_via_offers && <span className="hint">sold via an offer</span>}
                </li>
              ))}
            </ul>
            {canShip && canWrite && (
              <ShipForm
                purchaseId={order.purchase_id}
                parcelId={parcelId}
                notice={notice.parcel === parcelId ? notice : {}}
              />
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function MissingWriteScope({ message }: { message: string }) {
  return (
    <Notice title="A permission is missing" tone="warn">
      <p>{message} Reconnect and approve it to mark parcels as shipped.</p>
      <ConnectButton label="Reconnect with Depop" scope="orders_write" />
    </Notice>
  );
}

function ShipForm({ purchaseId, parcelId, notice }: { purchaseId: string; parcelId: string; notice: ShipNotice }) {
  return (
    <form action={markParcelShipped} className="ship-form" noValidate>
      <input type="hidden" name="purchase_id" value={purchaseId} />
      <input type="hidden" name="parcel_id" value={parcelId} />
      <Field
        id={`tracking-${parcelId}`}
        name="tracking_number"
        label="Tracking number"
        maxLength={64}
        error={notice.tracking_error}
      />
      <Field id={`carrier-${parcelId}`} name="carrier" label="Carrier" maxLength={40} error={notice.carrier_error} />
      <button type="submit" className="button">
        Mark as shipped
      </button>
      {notice.ship_error && notice.ship_error !== "missing_scope" && (
        <p className="field-error" role="alert">
          Not marked as shipped: {SHIP_ERRORS[notice.ship_error]}
        </p>
      )}
    </form>
  );
}

/** A labelled text field with its error (our words, from a code in the URL) beside it. */
function Field(props: { id: string; name: string; label: string; maxLength: number; error: string | undefined }) {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        required
        maxLength={props.maxLength}
        autoComplete="off"
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error && (
        <p id={errorId} className="field-error">
          {FIELD_ERRORS[props.error]}
        </p>
      )}
    </div>
  );
}
