"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { DEPOP_SCOPES } from "@/lib/config";
import { disconnect, startConnection } from "@/lib/connections";
import { isStorageError } from "@/lib/db";
import { endSession, getSessionSellerId } from "@/lib/session";

const connectForm = z.object({ scope: z.enum(DEPOP_SCOPES).optional().catch(undefined) });

/**
 * Starts the OAuth flow: seals state + PKCE verifier in a short-lived cookie, then off to Depop's consent page.
 * An optional `scope` field asks for one more scope (the one a 403 named) on top of the configured ones.
 */
export async function connect(form: FormData): Promise<never> {
  const { scope } = connectForm.parse({ scope: form.get("scope") ?? undefined });
  const authorizeUrl = await startConnection(scope ? [scope] : []);
  redirect(authorizeUrl.href);
}

/** Deletes this seller's stored tokens and ends the session. */
export async function disconnectSeller(): Promise<never> {
  const sellerId = await getSessionSellerId();
  try {
    if (sellerId) await disconnect(sellerId);
    else await endSession();
  } catch (error) {
    // The tokens could not be deleted: say so, and keep the session so the seller can try again.
    if (!isStorageError(error)) throw error;
    redirect("/?error=temporarily_unavailable");
  }
  redirect("/?notice=disconnected");
}
