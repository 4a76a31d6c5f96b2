import Link from "next/link";
import { PRODUCT_NAME, ProductIcon } from "@/shared/config/navigation";

export function ProductMark() {
  return (
    <Link prefetch={false} href="/" className="flex min-w-0 items-center gap-2 rounded-md font-semibold outline-none focus-visible:ring-2 focus-visible:ring-ring">
      <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <ProductIcon className="size-4" aria-hidden />
      </span>
      <span className="truncate text-sm">{PRODUCT_NAME}</span>
    </Link>
  );
}
