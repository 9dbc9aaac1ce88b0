export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p className="lede">There is nothing at this address.</p>
      <a className="button secondary" href="/dashboard">
        Back to your shop
      </a>
    </>
  );
}
