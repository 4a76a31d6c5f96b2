import { describe, expect, it } from "vitest";
import type { AlertRule } from "@/contract/alerts";
import { emptyRuleForm, ruleFieldOf, ruleFormSchema, ruleToForm, toCreateRuleRequest, toUpdateRuleRequest, type RuleFormValues } from "../rule-form";

const form = (values: Partial<RuleFormValues>): RuleFormValues => ({ ...emptyRuleForm(), name: "Down", ...values });
const issues = (editing: boolean, values: Partial<RuleFormValues>) => {
  const result = ruleFormSchema(editing).safeParse(form(values));
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

const saved: AlertRule = {
  id: "alr_aaaaaaaaaaaa",
  name: "Gone",
  kind: "instance_status",
  statuses: ["DISCONNECTED", "ERROR"],
  forMinutes: 0.5,
  instanceIds: ["ins_aaaaaaaaaaaa"],
  severity: "critical",
  cooldownMinutes: 0,
  channelIds: ["alc_aaaaaaaaaaaa"],
  enabled: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("rule form → request", () => {
  it("sends the condition fields of the kind only, minutes as numbers", () => {
    expect(toCreateRuleRequest(form({ forMinutes: "0", channelIds: ["alc_aaaaaaaaaaaa"] }))).toEqual({
      kind: "instance_status",
      name: "Down",
      statuses: ["DISCONNECTED"],
      forMinutes: 0,
      instanceIds: null,
      severity: "warning",
      cooldownMinutes: 30,
      channelIds: ["alc_aaaaaaaaaaaa"],
      enabled: true,
    });
    expect(toCreateRuleRequest(form({ kind: "webhook_failing", forMinutes: "15", instanceScope: "some", instanceIds: ["x"] }))).toEqual({
      kind: "webhook_failing",
      name: "Down",
      forMinutes: 15,
      severity: "warning",
      cooldownMinutes: 30,
      channelIds: [],
      enabled: true,
    });
    expect(toCreateRuleRequest(form({ kind: "node_down" }))).not.toHaveProperty("forMinutes");
    expect(toCreateRuleRequest(form({ kind: "instance_logged_out", instanceScope: "some", instanceIds: ["ins_aaaaaaaaaaaa"] }))).toMatchObject({ instanceIds: ["ins_aaaaaaaaaaaa"] });
  });

  it("round-trips a saved rule without its kind", () => {
    const values = ruleToForm(saved);
    expect(values).toMatchObject({ forMinutes: "0.5", cooldownMinutes: "0", instanceScope: "some" });
    expect(toUpdateRuleRequest(values)).toEqual({
      name: "Gone",
      statuses: ["DISCONNECTED", "ERROR"],
      forMinutes: 0.5,
      instanceIds: ["ins_aaaaaaaaaaaa"],
      severity: "critical",
      cooldownMinutes: 0,
      channelIds: ["alc_aaaaaaaaaaaa"],
      enabled: false,
    });
  });
});

describe("ruleFormSchema", () => {
  it("checks with the contract, under the form's fields", () => {
    expect(issues(false, {})).toEqual([]);
    expect(issues(false, { name: " ", statuses: [], forMinutes: "", cooldownMinutes: "99999" })).toEqual([
      "forMinutes: must be a number of minutes",
      "statuses: must list at least one status",
      "name: is required",
      "cooldownMinutes: must be at most 10080 (a week)",
    ]);
    expect(issues(false, { instanceScope: "some", instanceIds: [] })).toEqual(["instanceIds: must list at least one instance (or be null for every instance)"]);
    expect(issues(true, { kind: "node_down", forMinutes: "" })).toEqual([]);
  });

  it("maps the gateway's issue paths to fields", () => {
    expect(ruleFieldOf("body.statuses.0")).toBe("statuses");
    expect(ruleFieldOf("body.cooldownMinutes")).toBe("cooldownMinutes");
    expect(ruleFieldOf("body")).toBeNull();
  });
});
