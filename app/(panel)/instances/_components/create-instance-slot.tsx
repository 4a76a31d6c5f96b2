"use client";

import dynamic from "next/dynamic";
import { CreateInstanceDialog } from "@/features/instances/components/create-instance-dialog";

// The template and proxy fields load with the form (a dialog boundary), not with the page.
export const CreateSetupFields = dynamic(() => import("./create-instance-setup").then((m) => m.CreateInstanceSetup), { ssr: false });

/** The New instance button, its form offering the settings templates and the proxy pool. */
export function CreateInstanceSlot() {
  return <CreateInstanceDialog setupFields={CreateSetupFields} />;
}
