"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { DEPOP_SCOPES } from "@/lib/config";
import { disconnect, startConnection } from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { deleteSellerData } from "@/lib/orders";
import { endOtherSessions, endSession, getSessionSellerId } from "@/lib/sessions";

const connectForm = z.object({ scope: z.enum(DEPOP_SCOPES).optional().catch(undefined) });

/**
 * Starts the OAuth flow: seals state + PKCE verifier in a short-lived cookie, then off to Depop's consent page.
 * An optional `scope` field asks for one more scope (the one a 403 named) on top of the configured ones.
 */
export async function connect(form: FormData): Promise<never> {
  const { scope } = connectForm.parse({ scope: form.get("scope") ?? undefined });
  let authorizeUrl: URL;
  try {
    authorizeUrl = await startConnection(scope ? [scope] : []);
  } catch (error) {
    if (!isStorageError(error)) throw error;
    redirect("/?error=temporarily_unavailable");
  }
  redirect(authorizeUrl.href);
}

/**
 * Deletes this seller's stored tokens and ends every session of the seller; with "also delete my stored orders and
 * events" ticked, the stored orders, webhook events and sync state go too.
 */
export async function disconnectSeller(form: FormData): Promise<never> {
  const deleteData = form.get("delete_data") === "1";
  try {
    const sellerId = await getSessionSellerId();
    if (sellerId) {
      if (deleteData) await deleteSellerData(sellerId);
      await disconnect(sellerId);
    } else await endSession();
  } catch (error) {
    // The tokens could not be deleted: say so, and keep the session so the seller can try again.
    if (!isStorageError(error)) throw error;
    redirect("/?error=temporarily_unavailable");
  }
  redirect("/?notice=disconnected");
}

/** Ends every session of this seller except this browser's (a lost phone, a shared computer). */
export async function signOutEverywhereElse(): Promise<never> {
  try {
    const sellerId = await getSessionSellerId();
    if (!sellerId) redirect("/");
    await endOtherSessions(sellerId);
  } catch (error) {
    if (!isStorageError(error)) throw error;
    redirect("/?error=temporarily_unavailable");
  }
  redirect("/dashboard/connection?notice=signed-out-elsewhere");
}

/** Signs this browser out; the connection stays (Disconnect is the one that deletes it). */
export async function signOut(): Promise<never> {
  try {
    await endSession();
  } catch (error) {
    if (!isStorageError(error)) throw error;
    redirect("/?error=temporarily_unavailable");
  }
  redirect("/?notice=signed-out");
}
