import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "depop-connect", template: "%s · depop-connect" },
  description: "Connect your Depop shop and manage your listings from one dashboard.",
  referrer: "same-origin",
};

// Every page is rendered per request: each response carries its own CSP nonce (proxy.ts).
export const dynamic = "force-dynamic";

export const viewport: Viewport = {
  colorScheme: "light dark",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a href="/" className="brand">
            <span aria-hidden="true" className="brand-mark">
              d
            </span>
            depop-connect
          </a>
        </header>
        <main id="main" className="page">
          {children}
        </main>
      </body>
    </html>
  );
}
