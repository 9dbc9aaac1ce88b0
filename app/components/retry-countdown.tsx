"use client";

import { useEffect, useState } from "react";

/** Counts down to the end of Depop's pause and then loads the page again, by itself. */
export function RetryCountdown({ seconds, href }: { seconds: number; href: string }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const end = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        window.location.assign(href);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds, href]);
  return (
    <p aria-live="polite">
      {left > 0 ? `Trying again by itself in ${left} second${left === 1 ? "" : "s"}…` : "Trying again…"}
    </p>
  );
}
