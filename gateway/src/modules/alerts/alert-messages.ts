import type { Alert, AlertNoticeKind, AlertRuleKind, AlertSubject } from "../../../../contract/alerts";
import type { RuleParams } from "./alert-conditions";

// The words of alerts: an alert's title and message (stored with it), and what each notice says on top.

/** How many subjects a message lists one by one; the rest are counted. */
const LISTED = 50;

/** 0.5 → "30 s", 5 → "5 min", 90 → "1.5 h". */
function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 600) / 10} s`;
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  return `${Math.round((minutes / 60) * 10) / 10} h`;
}

/** 2026-01-15T10:30:00.123Z → "2026-01-15 10:30:00 UTC" */
function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

/** The statuses the subjects are in (their detail starts with it), e.g. "DISCONNECTED or ERROR". */
function statusesOf(subjects: readonly AlertSubject[]): string {
  return [...new Set(subjects.map((s) => s.detail.split(/[ :]/)[0]))].join(" or ");
}

/** What happened, in a line: `Instance "Support line" DISCONNECTED for over 5 min`, `40 instances unresponsive`. */
export function alertTitle(kind: AlertRuleKind, params: RuleParams, subjects: readonly AlertSubject[]): string {
  const n = subjects.length;
  const first = subjects[0]?.name ?? "";
  const forOver = params.forMinutes ? ` for over ${formatMinutes(params.forMinutes)}` : "";
  switch (kind) {
    case "instance_status":
      return `${plural(n, `Instance "${first}"`, "instances")} ${statusesOf(subjects)}${forOver}`;
    case "instance_unresponsive":
      return `${plural(n, `Instance "${first}"`, "instances")} unresponsive`;
    case "instance_logged_out":
      return `${plural(n, `Instance "${first}"`, "instances")} logged out by the phone`;
    case "webhook_failing":
      return `${plural(n, `Webhook endpoint "${first}"`, "webhook endpoints")} failing${forOver}`;
    case "webhook_disabled":
      return `${plural(n, `Webhook endpoint "${first}"`, "webhook endpoints")} disabled`;
    case "node_down":
      return `${plural(n, `Gateway node "${first}"`, "gateway nodes")} down`;
  }
}

function subjectLine(subject: AlertSubject): string {
  const what = subject.type === "node" ? subject.name : `${subject.name} (${subject.id})`;
  const end = subject.resolvedAt ? `; recovered ${formatTime(subject.resolvedAt)}` : "";
  return `• ${what}: ${subject.detail}; since ${formatTime(subject.since)}${end}`;
}

/** The body every notice carries: the rule and the subjects, one a line. */
export function alertMessage(rule: { name: string; severity: string }, subjects: readonly AlertSubject[]): string {
  const lines = subjects.slice(0, LISTED).map(subjectLine);
  if (subjects.length > LISTED) lines.push(`… and ${subjects.length - LISTED} more`);
  return [`Rule "${rule.name}" (${rule.severity}), ${plural(subjects.length, "1 subject", "subjects")}:`, ...lines].join("\n");
}

export interface NoticeText {
  subject: string;
  text: string;
}

/** The subject line and text of one notice about an alert. */
export function noticeText(notice: Exclude<AlertNoticeKind, "test">, alert: Alert): NoticeText {
  const severity = alert.severity.toUpperCase();
  if (notice === "resolved") {
    const listed = alertMessage({ name: alert.ruleName, severity: alert.severity }, alert.subjects);
    return { subject: `[RESOLVED] ${alert.title}`, text: `Resolved ${formatTime(alert.resolvedAt ?? new Date().toISOString())}: everything recovered (fired ${formatTime(alert.firedAt)}).\n\n${listed}` };
  }
  if (notice === "reminder") {
    const open = alert.subjects.filter((s) => !s.resolvedAt);
    const listed = alertMessage({ name: alert.ruleName, severity: alert.severity }, open);
    return { subject: `[${severity} · still firing] ${alert.title}`, text: `Still firing since ${formatTime(alert.firedAt)}, not acknowledged.\n\n${listed}` };
  }
  return { subject: `[${severity}] ${alert.title}`, text: alert.message };
}

export function testNoticeText(channelName: string): NoticeText {
  return {
    subject: "[TEST] Test alert from WhatsApp API Manager",
    text: `This is a test of the alert channel "${channelName}", sent ${formatTime(new Date().toISOString())}. If you can read it, alerts sent to this channel arrive.`,
  };
}
