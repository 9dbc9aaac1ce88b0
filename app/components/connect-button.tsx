import { connect } from "@/app/actions";

/** A plain form posting to the server action: works without client JavaScript. */
export function ConnectButton({ label = "Connect with Depop" }: { label?: string }) {
  return (
    <form action={connect}>
      <button type="submit" className="button">
        {label}
      </button>
    </form>
  );
}
