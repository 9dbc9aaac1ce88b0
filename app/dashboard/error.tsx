"use client";

/** Last resort for the dashboard: a plain message, never the error itself. */
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="notice bad" role="alert">
      <h2>Something went wrong</h2>
      <p>We could not show your shop just now. Nothing was lost.</p>
      <button type="button" className="button secondary" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
