import { ConnectButton } from "@/app/components/connect-button";
import { LocalTime } from "@/app/components/local-time";
import { Notice } from "@/app/components/notice";
import { RetryCountdown } from "@/app/components/retry-countdown";
import { NotConnectedError, ReconnectRequiredError } from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { DepopApiError } from "@/lib/depop/api";
import { dateProps } from "@/lib/format";
import { log } from "@/lib/log";
import { PROBLEMS } from "@/lib/problems";

/**
 * What a seller sees when a Depop call fails, by kind. Anything else (our database, a bug) gets a plain "try
 * again": never a stack trace or a provider's text.
 */
export function DepopProblem({ error, retryHref }: { error: unknown; retryHref: string }) {
  if (error instanceof ReconnectRequiredError || error instanceof NotConnectedError) return <ReconnectNotice />;
  if (isStorageError(error)) {
    log.warn("the database is unavailable", { error });
    return <StorageUnavailable retryHref={retryHref} />;
  }
  if (!(error instanceof DepopApiError)) {
    log.error("could not load from Depop", { error });
    return (
      <Notice title="Something went wrong on our side" tone="bad">
        <p>Nothing was lost. Please try again in a moment.</p>
        <a className="button secondary" href={retryHref}>
          Try again
        </a>
      </Notice>
    );
  }

  switch (error.kind) {
    case "unauthorized":
      return <ReconnectNotice />;
    case "insufficient_scope":
      return (
        <Notice title="A permission is missing" tone="warn">
          <p>
            Depop says this needs the <code>{error.details.scope ?? "required"}</code> permission, which your shop did
            not grant. Reconnect and approve it to see this.
          </p>
          <ConnectButton label="Reconnect with Depop" scope={error.details.scope} />
        </Notice>
      );
    case "rate_limited": {
      // Depop said when (Retry-After, kept with the connection): say it, and come back by ourselves then.
      const seconds = Math.max(1, error.details.retryAfterSeconds ?? 30);
      const at = new Date(Date.now() + seconds * 1000);
      return (
        <Notice title="Depop asked us to slow down" tone="warn">
          <p>
            Too many requests reached Depop, so this app waits before asking again. It will work again at{" "}
            <LocalTime {...dateProps(at)} /> (
            {error.details.retryAfterSeconds !== undefined
              ? `please try again in ${seconds} seconds`
              : "in about half a minute"}
            ).
          </p>
          <RetryCountdown seconds={seconds} href={retryHref} />
          <a className="button secondary" href={retryHref}>
            Try again now
          </a>
        </Notice>
      );
    }
    case "bad_request":
      return (
        <Notice title="That page is out of date" tone="warn">
          <p>Depop could not continue from that page link. Start again from the first page.</p>
          <a className="button secondary" href="/dashboard">
            Go to the first page
          </a>
        </Notice>
      );
    case "not_found":
      return (
        <Notice title="Not found on Depop" tone="warn">
          <p>Depop has no such item in your shop.</p>
        </Notice>
      );
    case "rejected":
      return (
        <Notice title="Depop refused the change" tone="warn">
          <p>Nothing was changed on Depop. Check the details and try again.</p>
        </Notice>
      );
    case "unavailable":
    case "invalid_response":
      return (
        <Notice title="Depop is unavailable right now" tone="bad">
          <p>We could not load this from Depop. Your connection is fine; please try again in a moment.</p>
          <a className="button secondary" href={retryHref}>
            Try again
          </a>
        </Notice>
      );
  }
}

/** The grant is gone (revoked, expired, or no longer readable): the one way forward is Connect again. */
export function ReconnectNotice() {
  return (
    <Notice title="Reconnect your Depop shop" tone="warn">
      <p>Depop no longer accepts this app's access to your shop (it was revoked or has expired).</p>
      <ConnectButton label="Reconnect with Depop" />
    </Notice>
  );
}

/** Our database cannot be reached (down, restarting, pool exhausted): nothing is lost, and it recovers by itself. */
export function StorageUnavailable({ retryHref }: { retryHref: string }) {
  const { title, message } = PROBLEMS.temporarily_unavailable;
  return (
    <Notice title={title} tone="bad">
      <p>{message}</p>
      <a className="button secondary" href={retryHref}>
        Try again
      </a>
    </Notice>
  );
}
