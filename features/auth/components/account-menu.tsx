"use client";

import { UserRound } from "lucide-react";
import { lazy, Suspense, type ComponentProps } from "react";
import type { Operator } from "@/contract/auth";
import { useMenuOnFirstUse } from "@/shared/hooks/use-menu-on-first-use";
import { Button } from "@/shared/ui/button";

// In the top bar of every page, opened rarely: the menu (Radix, the sign-out mutation) loads on first use.
const loadAccountMenu = () => import("./account-menu-open");
const AccountMenuOpen = lazy(() => loadAccountMenu().then((m) => ({ default: m.AccountMenuOpen })));

function AccountButton({ operator, ...props }: { operator: Operator } & ComponentProps<typeof Button>) {
  return (
    <Button variant="ghost" size="icon" aria-label={`Account: ${operator.username}`} {...props}>
      <UserRound className="size-4" aria-hidden />
    </Button>
  );
}

export function AccountMenu({ operator }: { operator: Operator }) {
  const { used, triggerProps } = useMenuOnFirstUse(() => void loadAccountMenu());
  const placeholder = <AccountButton operator={operator} {...triggerProps} />;
  if (!used) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <AccountMenuOpen operator={operator} trigger={<AccountButton operator={operator} />} />
    </Suspense>
  );
}
