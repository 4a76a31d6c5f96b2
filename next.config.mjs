/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), browsing-topics=()" },
];

// /bff/* answers are data for the panel's scripts, never documents: nothing may render, run or be cached.
const bffHeaders = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" },
  { key: "Cache-Control", value: "no-store" },
];

const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `BUNDLE_SOURCEMAPS=1 npm run build:panel` emits browser source maps, to see what a route's first-load JS is made of.
  productionBrowserSourceMaps: process.env.BUNDLE_SOURCEMAPS === "1",
  // The gateway is a separate program; its sources are never bundled into the panel.
  outputFileTracingExcludes: { "*": ["gateway/**", "data/**", "e2e/**"] },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/bff/:path*", headers: bffHeaders },
    ];
  },
};

export default nextConfig;
