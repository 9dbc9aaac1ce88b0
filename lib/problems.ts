/**
 * Every failure a seller can meet, mapped in one place to what we tell them and what they can do.
 * Only these codes ever reach a URL or a page: never a provider's own message.
 */
export const PROBLEMS = {
  denied: {
    title: "You declined the connection",
    message: "Nothing was shared with us. You can connect your Depop shop whenever you like.",
  },
  authorize_error: {
    title: "Depop could not start the connection",
    message: "Depop sent you back without an authorization. Please try connecting again.",
  },
  state_mismatch: {
    title: "That connection attempt did not match",
    message:
      "The response from Depop did not belong to the connection you started in this browser, so we ignored it. Please start again.",
  },
  expired: {
    title: "Your connection attempt expired",
    message: "Connecting must be finished within 10 minutes, in the browser that started it. Please start again.",
  },
  invalid_callback: {
    title: "We could not read Depop's response",
    message: "The link back from Depop was incomplete or malformed. Please start again.",
  },
  code_rejected: {
    title: "Depop did not accept the authorization",
    message: "The authorization was already used or has expired. Please start again.",
  },
  exchange_failed: {
    title: "Depop refused the connection",
    message:
      "Depop refused to complete the connection. Please start again; if it keeps happening, contact the app's operator.",
  },
  depop_unavailable: {
    title: "Depop is not answering right now",
    message: "Nothing was lost. Please try again in a moment.",
  },
  invalid_response: {
    title: "Depop sent something unexpected",
    message: "We could not trust Depop's response, so nothing was stored. Please try again in a moment.",
  },
  missing_scope: {
    title: "The shop permission was not granted",
    message: "We need permission to read your shop details to know which shop you connected. Please connect again.",
  },
  storage_failed: {
    title: "We could not save your connection",
    message: "Something went wrong on our side and nothing was stored. Please try again.",
  },
  unexpected: {
    title: "Something went wrong on our side",
    message: "Nothing was stored. Please try again in a moment.",
  },
  temporarily_unavailable: {
    title: "This app is temporarily unavailable",
    message: "We could not reach our database just now. Nothing was changed or lost. Please try again in a moment.",
  },
  disconnected: {
    title: "You are disconnected",
    message: "Your Depop tokens were deleted from this app. Connect again whenever you like.",
  },
} as const satisfies Record<string, { title: string; message: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === "string" && Object.hasOwn(PROBLEMS, value);
}
