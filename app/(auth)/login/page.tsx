import { Info } from "lucide-react";
import type { Metadata } from "next";
import { signInAction } from "@/features/auth/api/sign-in-action";
import { LoginForm } from "@/features/auth/components/login-form";
import { ProductMark } from "@/shared/components/layout/product-mark";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";

export const metadata: Metadata = { title: "Sign in" };

const REASONS: Record<string, string> = {
  expired: "Your session has ended. Sign in again to continue.",
  "signed-out": "You have been signed out.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? REASONS[params.reason] : undefined;
  const next = typeof params.next === "string" ? params.next : undefined;
  return (
    <main className="flex min-h-svh flex-col items-center justify-center gap-6 bg-muted/40 p-4">
      <ProductMark />
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-xl">Sign in</CardTitle>
          <CardDescription>Operators only. The first start of the gateway prints the admin password.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {reason ? (
            <p role="status" className="flex items-start gap-2 rounded-md border bg-muted px-3 py-2 text-sm">
              <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
              {reason}
            </p>
          ) : null}
          <LoginForm action={signInAction.bind(null, next)} />
        </CardContent>
      </Card>
    </main>
  );
}
