import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { InstanceStatusBadge } from "../instance-status-badge";

afterEach(cleanup);

const badge = () => screen.getByText(/./, { selector: "[data-status]" });

describe("the status badge's reason", () => {
  it("is a tab stop with a tooltip when it says more than the label", () => {
    render(<InstanceStatusBadge status="QR_REQUIRED" reason="Waiting for the QR to be scanned" />);
    expect(badge().getAttribute("tabindex")).toBe("0");
    expect(badge().getAttribute("data-slot")).toBe("tooltip-trigger");
  });

  it("is neither when it only repeats the label (the gateway's Connected)", () => {
    render(<InstanceStatusBadge status="CONNECTED" reason="Connected" />);
    expect(badge().textContent).toBe("Connected");
    expect(badge().hasAttribute("tabindex")).toBe(false);
    expect(badge().getAttribute("data-slot")).not.toBe("tooltip-trigger");
  });

  it("keeps a reason that repeats the label but comes with a close code", () => {
    render(<InstanceStatusBadge status="ERROR" reason="Error" code={500} />);
    expect(badge().getAttribute("tabindex")).toBe("0");
  });

  it("keeps a CONNECTED reason that says something (the watchdog's unresponsive mark)", () => {
    render(<InstanceStatusBadge status="CONNECTED" reason="Unresponsive: no answer to a probe in 10 s" />);
    expect(badge().getAttribute("tabindex")).toBe("0");
  });
});
