import { SearchX } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { Button } from "@/shared/ui/button";

/** An instance's address that names none (deleted, or not an instance id): a 404 inside the panel's layout. */
export default function InstanceNotFound() {
  return (
    <EmptyState
      icon={SearchX}
      title="No such instance"
      description="The gateway has no instance at this address: it was deleted, or the link is mistyped."
      action={
        <Button asChild variant="outline">
          <Link prefetch={false} href="/instances">
            Back to instances
          </Link>
        </Button>
      }
    />
  );
}
