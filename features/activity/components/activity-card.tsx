"use client";

import dynamic from "next/dynamic";
import { ActivityCardSkeleton } from "./activity-card-frame";

// The charts and Recharts load after the page, at this card: never part of the Overview's first load
// (bench/bundle-budgets.json). Client-only: Recharts measures its container, which the server cannot.
export const ActivityCard = dynamic(() => import("./activity-charts").then((m) => m.ActivityCharts), { ssr: false, loading: () => <ActivityCardSkeleton /> });
