"use client";

import "./globals.css";

/** Last resort when the root layout itself fails: no providers, plain markup. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-svh items-center justify-center bg-background p-6 font-sans text-foreground">
        <div className="max-w-md text-center">
          <h1 className="text-xl font-semibold">The panel failed to load</h1>
          <p className="mt-2 text-sm text-muted-foreground">
            An unexpected error stopped the page.{error.digest ? ` Reference: ${error.digest}.` : ""}
          </p>
          <button type="button" onClick={reset} className="mt-4 rounded-md bg-primary px-4 py-2 text-sm text-primary-foreground">
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
