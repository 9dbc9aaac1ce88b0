/** "First page" (when past it) and "Next page" (while Depop says there is more): cursor pages keep no way back. */
export function Pager({ firstHref, nextHref }: { firstHref: string | null; nextHref: string | null }) {
  return (
    <nav className="pager" aria-label="Pages">
      {firstHref ? (
        <a className="button secondary" href={firstHref}>
          First page
        </a>
      ) : (
        <span />
      )}
      {nextHref && (
        <a className="button" href={nextHref} rel="next">
          Next page
        </a>
      )}
    </nav>
  );
}
