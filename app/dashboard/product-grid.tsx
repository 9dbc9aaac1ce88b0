"use client";

/**
 * The product cards. A client component on purpose: the server sends each card as a handful of ready-formatted
 * strings instead of a tree of ~15 elements, which makes the RSC payload inlined in the HTML about four times
 * smaller and the server's render (serialise, then parse again for the HTML) correspondingly cheaper. The markup is
 * rendered on the server all the same; the browser only hydrates it.
 */

export type ProductCardData = {
  id: number;
  title: string;
  href: string;
  depopUrl: string;
  image: { url: string; width: number; height: number } | null;
  price: string;
  /** The list price when the product is discounted. */
  wasPrice: string | null;
  status: { label: string; tone: string };
  quantity: number | null;
  /** On sale, so it can be ticked for a bulk change. */
  selectable: boolean;
};

export function ProductGrid({
  products,
  label,
  bulkForm,
}: {
  products: ProductCardData[];
  label: string;
  /** The id of the bulk form the cards' checkboxes belong to; no checkboxes without one. */
  bulkForm?: string;
}) {
  return (
    <ul className="products" aria-label={label}>
      {products.map((product) => (
        <li key={product.id} className={product.status.tone === "gone" ? "product gone" : "product"}>
          {product.image ? (
            // Remote Depop images at a fixed size, lazily: no image proxy needed and no layout shift.
            // biome-ignore lint/performance/noImgElement: next/image's optimizer would fetch from Depop's host on our server
            <img
              src={product.image.url}
              alt=""
              width={product.image.width}
              height={product.image.height}
              loading="lazy"
              decoding="async"
            />
          ) : (
            <div className="no-image" />
          )}
          <div className="body">
            <h3>
              <a href={product.href}>{product.title}</a>
            </h3>
            <div className="price">
              <span>{product.price}</span>
              {product.wasPrice && (
                <s>
                  <span className="visually-hidden">was </span>
                  {product.wasPrice}
                </s>
              )}
            </div>
            {bulkForm && product.selectable && (
              <label className="select-item">
                <input type="checkbox" name="product_id" value={product.id} form={bulkForm} />
                Select<span className="visually-hidden">{` ${product.title}`}</span>
              </label>
            )}
            <div className="meta">
              <span className={`badge ${product.status.tone}`}>{product.status.label}</span>
              {product.quantity !== null && <span>{`Qty ${product.quantity}`}</span>}
              <a href={product.depopUrl} rel="noopener noreferrer" target="_blank">
                View on Depop<span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
