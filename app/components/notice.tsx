import type { ReactNode } from "react";

export function Notice({
  title,
  tone = "info",
  children,
}: {
  title: string;
  tone?: "info" | "warn" | "bad";
  children: ReactNode;
}) {
  return (
    <section className={`notice ${tone === "info" ? "" : tone}`} role={tone === "info" ? "status" : "alert"}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
