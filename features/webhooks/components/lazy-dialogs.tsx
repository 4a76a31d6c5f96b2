"use client";

import dynamic from "next/dynamic";

// The webhook dialogs carry react-hook-form, zod and the event picker: they load when first opened (render them
// only while open), not with the page. `preloadWebhookForm` warms the form's chunk on hover or focus.
const loadWebhookForm = () => import("./webhook-form/webhook-form-dialog");
export const preloadWebhookForm = () => void loadWebhookForm();

export const WebhookFormDialog = dynamic(() => loadWebhookForm().then((m) => m.WebhookFormDialog), { ssr: false });
export const TestWebhookDialog = dynamic(() => import("./test-webhook-dialog").then((m) => m.TestWebhookDialog), { ssr: false });
export const RotateSecretDialog = dynamic(() => import("./rotate-secret-dialog").then((m) => m.RotateSecretDialog), { ssr: false });
