import { SECURITY_HEADERS } from "./scripts/security-headers.mjs";

// /bff/* answers are data for the panel's scripts, never documents: nothing may render, run or be cached.
const bffHeaders = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" },
  { key: "Cache-Control", value: "no-store" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `BUNDLE_SOURCEMAPS=1 npm run build:panel` emits browser source maps, to see what a route's first-load JS is made of.
  productionBrowserSourceMaps: process.env.BUNDLE_SOURCEMAPS === "1",
  // The gateway is a separate program; its sources are never bundled into the panel.
  outputFileTracingExcludes: { "*": ["gateway/**", "data/**", "e2e/**"] },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/bff/:path*", headers: bffHeaders },
    ];
  },
};

export default nextConfig;
