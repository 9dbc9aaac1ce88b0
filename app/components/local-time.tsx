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
    // dateStyle/timeStyle cannot be combined with timeZoneName: the same look, spelled out.
    const format = new Intl.DateTimeFormat(undefined, {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    setText(format.format(date));
  }, [iso]);
  return <time dateTime={iso}>{text}</time>;
}
