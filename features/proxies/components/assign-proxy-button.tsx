"use client";

import { Network } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/shared/ui/button";

// The dialog (a Select, the pool query, the results list) loads when first opened, not with the instances page.
const loadDialog = () => import("./assign-proxy-dialog");
const AssignProxyDialog = dynamic(() => loadDialog().then((m) => m.AssignProxyDialog), { ssr: false });

/** "Assign proxy" for the instances selected in the table; `onFinished` clears the selection after a run. */
export function AssignProxyButton({ instances, onFinished }: { instances: readonly { id: string; name: string }[]; onFinished: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)} onPointerEnter={() => void loadDialog()} onFocus={() => void loadDialog()}>
        <Network className="size-4" aria-hidden /> Assign proxy
      </Button>
      {open ? (
        <AssignProxyDialog
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
