"use client";

import { useEffect, useState } from "react";

/**
 * A date in the seller's own time zone. The server renders it in UTC (it cannot know the browser's zone); once the
 * page runs in the browser the text is swapped for local time. Without JavaScript the UTC text stays, labelled.
 */
export function LocalTime({ iso, utc }: { iso: string; utc: string }) {
  const [text, setText] = useState(utc);
  useEffect(() => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return;
    setText(
      new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZoneName: "short" }).format(
        date,
      ),
    );
  }, [iso]);
  return <time dateTime={iso}>{text}</time>;
}
