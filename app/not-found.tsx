import { Compass } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { Button } from "@/shared/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-svh items-center justify-center p-6">
      <EmptyState
        icon={Compass}
        title="Page not found"
        description="There is nothing at this address. It may have moved, or the link is mistyped."
        action={
          <Button asChild>
            <Link prefetch={false} href="/">Back to the overview</Link>
          </Button>
        }
      />
    </main>
  );
}
