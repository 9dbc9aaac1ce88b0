import { disconnectSeller } from "@/app/actions";

/** The confirmed Disconnect, with the choice to delete the orders and events stored for the shop too. */
export function DisconnectForm() {
  return (
    <form action={disconnectSeller} className="disconnect">
      <label>
        <input type="checkbox" name="delete_data" value="1" /> Also delete my stored orders and events
      </label>
      <button type="submit" className="button danger">
        Disconnect my shop
      </button>
    </form>
  );
}
