"use server";

import { redirect } from "next/navigation";
import { disconnect, startConnection } from "@/lib/connections";
import { endSession, getSessionSellerId } from "@/lib/session";

/** Starts the OAuth flow: seals state + PKCE verifier in a short-lived cookie, then off to Depop's consent page. */
export async function connect(): Promise<never> {
  const authorizeUrl = await startConnection();
  redirect(authorizeUrl.href);
}

/** Deletes this seller's stored tokens and ends the session. */
export async function disconnectSeller(): Promise<never> {
  const sellerId = await getSessionSellerId();
  if (sellerId) await disconnect(sellerId);
  else await endSession();
  redirect("/?notice=disconnected");
}
