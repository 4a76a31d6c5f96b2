"use client";

import dynamic from "next/dynamic";

// The alert forms carry react-hook-form, zod and the contract's schemas: they load when first opened (render them
// only while open), not with the page. The preloads warm a form's chunk on hover or focus.
const loadChannelForm = () => import("./channels/channel-form-dialog");
const loadRuleForm = () => import("./rules/rule-form-dialog");
export const preloadChannelForm = () => void loadChannelForm();
export const preloadRuleForm = () => void loadRuleForm();

export const ChannelFormDialog = dynamic(() => loadChannelForm().then((m) => m.ChannelFormDialog), { ssr: false });
export const ChannelSecretDialog = dynamic(() => import("./channels/channel-secret-dialog").then((m) => m.ChannelSecretDialog), { ssr: false });
export const RuleFormDialog = dynamic(() => loadRuleForm().then((m) => m.RuleFormDialog), { ssr: false });
