import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DisconnectForm } from "@/app/components/disconnect-form";
import { readConnection, signedInSeller } from "@/app/dashboard/data";
import { StorageUnavailable } from "@/app/dashboard/depop-problem";

export const metadata: Metadata = { title: "Disconnect" };

/** The confirmation step before Disconnect: what it does, what it does not, and a plain form (no JS needed). */
export default async function DisconnectPage() {
  const sellerId = await signedInSeller();
  if (sellerId === "unavailable") return <StorageUnavailable retryHref="/dashboard/disconnect" />;
  if (!sellerId) redirect("/");
  const connection = await readConnection(sellerId);
  if (connection === "unavailable") return <StorageUnavailable retryHref="/dashboard/disconnect" />;
  if (!connection) redirect("/");

  return (
    <>
      <h1>Disconnect @{connection.username}?</h1>
      <ul className="steps">
        <li>This app deletes its access to your Depop shop (the tokens it stored), right away.</li>
        <li>You are signed out here, and in every other browser signed in to this shop.</li>
        <li>Nothing changes on Depop: your listings, orders and account stay as they are.</li>
        <li>
          Orders and events this app stored for your shop are kept for their retention period, unless you tick "Also
          delete my stored orders and events" below.
        </li>
        <li>
          Depop offers no way for an app to withdraw its own access, so you can also remove this app in your Depop
          settings, under connected apps.
        </li>
        <li>You can connect again whenever you like.</li>
      </ul>
      <div className="actions spaced">
        <DisconnectForm />
        <a className="button secondary" href="/dashboard/connection">
          Cancel
        </a>
      </div>
    </>
  );
}
