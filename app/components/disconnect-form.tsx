import { disconnectSeller } from "@/app/actions";

/** Disconnect, with the choice to delete the orders and events stored for the shop too. */
export function DisconnectForm({ className }: { className?: string }) {
  return (
    <form action={disconnectSeller} className={className ? `disconnect ${className}` : "disconnect"}>
      <label>
        <input type="checkbox" name="delete_data" value="1" /> Also delete my stored orders and events
      </label>
      <button type="submit" className="button secondary">
        Disconnect
      </button>
    </form>
  );
}
