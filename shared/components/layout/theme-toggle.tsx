"use client";

import { Moon, Sun } from "lucide-react";
import { lazy, Suspense, type ComponentProps } from "react";
import { useMenuOnFirstUse } from "@/shared/hooks/use-menu-on-first-use";
import { Button } from "@/shared/ui/button";

// Every page has this button; few page views open it. The menu (Radix, floating-ui) loads on first use.
const loadThemeMenu = () => import("./theme-menu");
const ThemeMenu = lazy(() => loadThemeMenu().then((m) => ({ default: m.ThemeMenu })));

function ThemeButton(props: ComponentProps<typeof Button>) {
  return (
    <Button variant="ghost" size="icon" aria-label="Theme" {...props}>
      <Sun className="size-4 dark:hidden" aria-hidden />
      <Moon className="hidden size-4 dark:block" aria-hidden />
    </Button>
  );
}

export function ThemeToggle() {
  const { used, triggerProps } = useMenuOnFirstUse(() => void loadThemeMenu());
  const placeholder = <ThemeButton {...triggerProps} />;
  if (!used) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <ThemeMenu trigger={<ThemeButton />} />
    </Suspense>
  );
}
