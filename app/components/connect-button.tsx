import { connect } from "@/app/actions";

/** A plain form posting to the server action: works without client JavaScript. */
export function ConnectButton({ label = "Connect with Depop", scope }: { label?: string; scope?: string }) {
  return (
    <form action={connect}>
      {scope && <input type="hidden" name="scope" value={scope} />}
      <button type="submit" className="button">
        {label}
      </button>
    </form>
  );
}
