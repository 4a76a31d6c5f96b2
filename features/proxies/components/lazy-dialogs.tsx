"use client";

import dynamic from "next/dynamic";

// The proxy form carries react-hook-form, zod and the contract's schemas: it loads when first opened (render it only
// while open), not with the page. The preload warms its chunk on hover or focus.
const loadProxyForm = () => import("./proxy-form-dialog");
export const preloadProxyForm = () => void loadProxyForm();

export const ProxyFormDialog = dynamic(() => loadProxyForm().then((m) => m.ProxyFormDialog), { ssr: false });
