"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { orUnavailable } from "@/app/dashboard/data";
import { DEPOP_SCOPES } from "@/lib/config";
import { disconnect, startConnection } from "@/lib/connections";
import { deleteSellerData } from "@/lib/orders";
import { endOtherSessions, endSession, forgetSessionHints, getSessionSellerId } from "@/lib/sessions";

const connectForm = z.object({ scope: z.enum(DEPOP_SCOPES).optional().catch(undefined) });

/**
 * Starts the OAuth flow: seals state + PKCE verifier in a short-lived cookie, then off to Depop's consent page.
 * An optional `scope` field asks for one more scope (the one a 403 named) on top of the configured ones.
 */
export async function connect(form: FormData): Promise<never> {
  const { scope } = connectForm.parse({ scope: form.get("scope") ?? undefined });
  const authorizeUrl = await orUnavailable(() => startConnection(scope ? [scope] : []));
  redirect(authorizeUrl.href);
}

/**
 * Deletes this seller's stored tokens and ends every session of the seller; with "also delete my stored orders and
 * events" ticked, the stored orders, webhook events and sync state go too.
 */
export async function disconnectSeller(form: FormData): Promise<never> {
  const deleteData = form.get("delete_data") === "1";
  // If the tokens cannot be deleted the seller is told so, and keeps the session to try again.
  await orUnavailable(async () => {
    const sellerId = await getSessionSellerId();
    if (sellerId) {
      if (deleteData) await deleteSellerData(sellerId);
      await disconnect(sellerId);
      forgetSessionHints(sellerId);
    } else await endSession();
  });
  redirect("/?notice=disconnected");
}

/** Ends every session of this seller except this browser's (a lost phone, a shared computer). */
export async function signOutEverywhereElse(): Promise<never> {
  await orUnavailable(async () => {
    const sellerId = await getSessionSellerId();
    if (!sellerId) redirect("/");
    await endOtherSessions(sellerId);
  });
  redirect("/dashboard/connection?notice=signed-out-elsewhere");
}

/** Signs this browser out; the connection stays (Disconnect is the one that deletes it). */
export async function signOut(): Promise<never> {
  await orUnavailable(endSession);
  redirect("/?notice=signed-out");
}
