"use client";

import dynamic from "next/dynamic";

// The template form carries react-hook-form, the contract's schemas and the event picker, and the apply dialog its
// results: they load when first opened (render them only while open), not with the page. The preloads warm a chunk
// on hover or focus.
const loadTemplateForm = () => import("./template-form-dialog");
const loadApplyDialog = () => import("./apply-template-dialog");
export const preloadTemplateForm = () => void loadTemplateForm();
export const preloadApplyDialog = () => void loadApplyDialog();

export const TemplateFormDialog = dynamic(() => loadTemplateForm().then((m) => m.TemplateFormDialog), { ssr: false });
export const TemplateSecretDialog = dynamic(() => import("./template-secret-dialog").then((m) => m.TemplateSecretDialog), { ssr: false });
export const ApplyTemplateDialog = dynamic(() => loadApplyDialog().then((m) => m.ApplyTemplateDialog), { ssr: false });
