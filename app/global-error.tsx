"use client";

export default function GlobalError() {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>Something went wrong</h1>
          <p>Please try again in a moment.</p>
          <a href="/">Back to the start</a>
        </main>
      </body>
    </html>
  );
}
