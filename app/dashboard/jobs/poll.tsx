"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** While a job runs, the page asks the server again every second (without JavaScript, the Refresh link does). */
export function RefreshWhileRunning() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [router]);
  return null;
}
