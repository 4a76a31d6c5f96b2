import * as z from "zod/mini";
import { AlertRuleKind, AlertSeverity, CreateAlertRuleRequest, UpdateAlertRuleRequest, type AlertRule } from "@/contract/alerts";

// The rule form: every field of every kind (the kind shows the ones it takes), checked by mapping to the contract's
// request and validating that. Minutes are typed as text and sent as numbers.

export type AlertableStatus = NonNullable<AlertRule["statuses"]>[number];
export const ALERTABLE_STATUSES: readonly AlertableStatus[] = ["DISCONNECTED", "ERROR", "QR_REQUIRED"];

const KINDS_WITH_DURATION: ReadonlySet<AlertRuleKind> = new Set(["instance_status", "webhook_failing"]);
const INSTANCE_KINDS: ReadonlySet<AlertRuleKind> = new Set(["instance_status", "instance_unresponsive", "instance_logged_out"]);

/** Whether a kind waits `forMinutes` before firing. */
export const takesDuration = (kind: AlertRuleKind) => KINDS_WITH_DURATION.has(kind);
/** Whether a kind watches instances (and so may be limited to some). */
export const watchesInstances = (kind: AlertRuleKind) => INSTANCE_KINDS.has(kind);

export type RuleFormValues = {
  kind: AlertRuleKind;
  name: string;
  statuses: AlertableStatus[];
  forMinutes: string;
  instanceScope: "all" | "some";
  instanceIds: string[];
  severity: AlertSeverity;
  cooldownMinutes: string;
  channelIds: string[];
  enabled: boolean;
};

type RuleField = Exclude<keyof RuleFormValues, "instanceScope">;
const FIELDS: readonly RuleField[] = ["kind", "name", "statuses", "forMinutes", "instanceIds", "severity", "cooldownMinutes", "channelIds", "enabled"];

export const emptyRuleForm = (): RuleFormValues => ({
  kind: "instance_status",
  name: "",
  statuses: ["DISCONNECTED"],
  forMinutes: "5",
  instanceScope: "all",
  instanceIds: [],
  severity: "warning",
  cooldownMinutes: "30",
  channelIds: [],
  enabled: true,
});

export function ruleToForm(rule: AlertRule): RuleFormValues {
  const empty = emptyRuleForm();
  return {
    kind: rule.kind,
    name: rule.name,
    statuses: rule.statuses ? [...rule.statuses] : empty.statuses,
    forMinutes: rule.forMinutes === undefined ? empty.forMinutes : String(rule.forMinutes),
    instanceScope: rule.instanceIds?.length ? "some" : "all",
    instanceIds: rule.instanceIds ? [...rule.instanceIds] : [],
    severity: rule.severity,
    cooldownMinutes: String(rule.cooldownMinutes),
    channelIds: [...rule.channelIds],
    enabled: rule.enabled,
  };
}

/** Text to minutes; what is not a number stays NaN for the check below to name. */
const minutesOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** The fields the kind takes, as the request carries them. */
function conditionOf(values: RuleFormValues) {
  return {
    ...(values.kind === "instance_status" ? { statuses: values.statuses } : {}),
    ...(takesDuration(values.kind) ? { forMinutes: minutesOf(values.forMinutes) } : {}),
    ...(watchesInstances(values.kind) ? { instanceIds: values.instanceScope === "all" ? null : values.instanceIds } : {}),
    name: values.name,
    severity: values.severity,
    cooldownMinutes: minutesOf(values.cooldownMinutes),
    channelIds: values.channelIds,
    enabled: values.enabled,
  };
}

export function toCreateRuleRequest(values: RuleFormValues): CreateAlertRuleRequest {
  return { kind: values.kind, ...conditionOf(values) } as CreateAlertRuleRequest;
}

/** Every field the rule's kind takes (the kind itself cannot change). */
export function toUpdateRuleRequest(values: RuleFormValues): UpdateAlertRuleRequest {
  return conditionOf(values);
}

/** An issue path of the request (`statuses.0`, or the gateway's `body.forMinutes`) as the form field it belongs to. */
export function ruleFieldOf(path: readonly PropertyKey[] | string): RuleField | null {
  const [first] = typeof path === "string" ? path.replace(/^body\./, "").split(".") : path.map(String);
  return FIELDS.includes(first as RuleField) ? (first as RuleField) : null;
}

/** The form's schema: for a new rule the create request must be valid, for a saved one the update request. */
export function ruleFormSchema(editing: boolean) {
  return z
    .object({
      kind: AlertRuleKind,
      name: z.string(),
      statuses: z.array(z.enum(ALERTABLE_STATUSES as [AlertableStatus, ...AlertableStatus[]])),
      forMinutes: z.string(),
      instanceScope: z.enum(["all", "some"]),
      instanceIds: z.array(z.string()),
      severity: AlertSeverity,
      cooldownMinutes: z.string(),
      channelIds: z.array(z.string()),
      enabled: z.boolean(),
    })
    .check(
      z.superRefine((values, ctx) => {
        const request = editing ? toUpdateRuleRequest(values) : toCreateRuleRequest(values);
        const minutes: { forMinutes?: number; cooldownMinutes?: number } = conditionOf(values);
        for (const field of ["forMinutes", "cooldownMinutes"] as const) {
          if (Number.isNaN(minutes[field])) ctx.addIssue({ code: "custom", path: [field], message: "must be a number of minutes" });
        }
        const result = editing ? UpdateAlertRuleRequest.safeParse(request) : CreateAlertRuleRequest.safeParse(request);
        if (result.success) return;
        for (const issue of result.error.issues) {
          const field = ruleFieldOf(issue.path);
          // NaN minutes are already named above.
          if ((field === "forMinutes" || field === "cooldownMinutes") && Number.isNaN(minutes[field])) continue;
          ctx.addIssue({ code: "custom", path: field ? [field] : [], message: issue.message });
        }
      }),
    );
}
