"use client";

import { LayoutTemplate } from "lucide-react";
import { useState } from "react";
import type { Instance } from "@/contract/instances";
import { Button } from "@/shared/ui/button";
import { ApplyTemplateDialog, preloadApplyDialog } from "./lazy-dialogs";

/** The instances table's bulk "Apply template": the button and, while open, its dialog. */
export function ApplyTemplateButton({ instances, onFinished }: { instances: Instance[]; onFinished: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)} onPointerEnter={preloadApplyDialog} onFocus={preloadApplyDialog}>
        <LayoutTemplate className="size-4" aria-hidden /> Apply template
      </Button>
      {open ? (
        <ApplyTemplateDialog
          instances={instances}
          onClose={(finished) => {
            setOpen(false);
            if (finished) onFinished();
          }}
        />
      ) : null}
    </>
  );
}
