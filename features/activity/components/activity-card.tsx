"use client";

import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import { useInView } from "react-intersection-observer";
import { ActivityCardSkeleton } from "./activity-card-frame";

// The charts and Recharts load after the page, at this card: never part of the Overview's first load
// (bench/bundle-budgets.json). Client-only: Recharts measures its container, which the server cannot.
const ActivityCharts = dynamic(() => import("./activity-charts").then((m) => m.ActivityCharts), { ssr: false, loading: () => <ActivityCardSkeleton /> });

/**
 * The Overview's activity card, loaded and drawn once it comes on screen: it sits below the instances and the
 * gateway's cards, and drawing four Recharts charts is the page's largest piece of main-thread work (a 0.5 s task at
 * a phone's speed), which a visit that never scrolls to them should not wait behind (docs/architecture.md).
 */
export function ActivityCard(props: ComponentProps<typeof ActivityCharts>) {
  const { ref, inView } = useInView({ triggerOnce: true });
  return <div ref={ref}>{inView ? <ActivityCharts {...props} /> : <ActivityCardSkeleton />}</div>;
}
