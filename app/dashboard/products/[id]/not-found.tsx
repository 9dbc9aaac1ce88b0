export default function ProductNotFound() {
  return (
    <>
      <h1>Product not found</h1>
      <p className="lede">This product is not in your Depop shop, or it no longer exists.</p>
      <a className="button secondary" href="/dashboard">
        Back to your shop
      </a>
    </>
  );
}
