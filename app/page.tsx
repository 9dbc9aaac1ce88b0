import type { Metadata } from "next";
import { z } from "zod";
import { ConnectButton } from "@/app/components/connect-button";
import { Notice } from "@/app/components/notice";
import { signedInSeller } from "@/app/dashboard/data";
import { isProblemCode, PROBLEMS } from "@/lib/problems";

export const metadata: Metadata = { title: { absolute: "depop-connect: connect your Depop shop" } };

const querySchema = z.object({
  error: z.string().max(64).optional().catch(undefined),
  notice: z.enum(["disconnected", "signed-out"]).optional().catch(undefined),
});

export default async function Home({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const query = querySchema.parse(await searchParams);
  const problem = isProblemCode(query.error) && query.error !== "disconnected" ? PROBLEMS[query.error] : null;
  // With the database away the page still offers Connect; the dashboard link waits until it is back.
  const seller = await signedInSeller();
  const signedIn = seller !== null && seller !== "unavailable";

  return (
    <>
      {problem && (
        <Notice title={problem.title} tone={query.error === "denied" ? "warn" : "bad"}>
          <p>{problem.message}</p>
        </Notice>
      )}
      {query.notice === "signed-out" && (
        <Notice title="You are signed out">
          <p>This browser is signed out. Your shop stays connected; connect again to get back to your dashboard.</p>
        </Notice>
      )}
      {query.notice === "disconnected" && (
        <Notice title={PROBLEMS.disconnected.title}>
          <p>{PROBLEMS.disconnected.message}</p>
        </Notice>
      )}
      <h1>Your Depop shop, one click away</h1>
      <p className="lede">
        Connect your Depop shop to see your listings, prices and stock in one fast dashboard. You sign in on Depop
        itself and choose what to share; your password never comes here, and you can disconnect at any time.
      </p>
      <div className="actions">
        <ConnectButton label={problem ? "Connect again" : "Connect with Depop"} />
        {signedIn && (
          <a className="button secondary" href="/dashboard">
            Go to your dashboard
          </a>
        )}
      </div>
      <ol className="steps">
        <li>
          <strong>1. Connect.</strong> You are sent to Depop to approve read access to your shop and listings.
        </li>
        <li>
          <strong>2. Approve.</strong> Depop sends you back here; your access is stored encrypted, never shown.
        </li>
        <li>
          <strong>3. Manage.</strong> Browse every listing with prices, stock and status, straight from Depop.
        </li>
      </ol>
    </>
  );
}
