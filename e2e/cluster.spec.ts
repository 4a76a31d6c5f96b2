import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { dropTestDatabase, provideTestDatabase, testDatabaseAvailable } from "../scripts/test-postgres.mjs";
import { expectNoAxeViolations } from "./support/axe";
import { E2E_ADMIN_PASSWORD, freePort, start, waitFor } from "./support/global-setup";
import { gatewayClient } from "./support/gateway-api";
import { signIn, snapshot } from "./support/session";

// Cluster mode as an operator sees it: two real gateway nodes (sandbox engine) sharing one PostgreSQL schema, and a
// panel of its own talking to node A. The rest of the browser tests run against the single-node gateway of the
// global setup; this one starts and stops its own processes.

interface Node {
  name: string;
  url: string;
  child: ChildProcess;
  dataDir: string;
}

let database: { url: string; created: boolean };
let schema: string;
let nodes: Node[] = [];
let panel: ChildProcess;
let panelUrl: string;

async function onDatabase(statement: string) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const call = gatewayClient(() => nodes[0]!.url);

const instanceOf = (id: string) => call<{ status: string; node: string | null }>("GET", `/api/v1/instances/${id}`);

const withPostgres = testDatabaseAvailable();
if (!withPostgres) {
  console.warn("\n!!! SKIPPING the cluster browser test: no TEST_DATABASE_URL and no local PostgreSQL cluster to start (CI always runs it).\n");
}

test.describe("cluster mode", () => {
  test.skip(!withPostgres, "needs PostgreSQL: TEST_DATABASE_URL, or a local cluster to start");

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    database = await provideTestDatabase();
    schema = `e2e_cluster_${process.pid}_${Date.now()}`;
    await onDatabase(`create schema ${schema}`);
    const databaseUrl = new URL(database.url);
    databaseUrl.searchParams.set("options", `-c search_path=${schema}`);
    const artifacts = path.resolve("e2e/.artifacts");
    const [portA, portB, panelPort] = [await freePort(), await freePort(), await freePort()];
    panelUrl = `http://localhost:${panelPort}`;
    for (const [name, port] of [
      ["node-a", portA],
      ["node-b", portB],
    ] as const) {
      const url = `http://127.0.0.1:${port}`;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wam-e2e-${name}-`));
      const env = {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl.toString(),
        NODE_NAME: name,
        NODE_URL: url,
        CLUSTER_LEASE_SECONDS: "3",
        WA_ENGINE: "sandbox",
        LOG_LEVEL: "info",
        ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        CORS_ORIGINS: panelUrl,
      };
      const child = start(name, process.execPath, ["gateway/dist/main.js"], env, path.join(artifacts, `cluster-${name}.log`));
      nodes.push({ name, url, child, dataDir });
      // One after the other: the second finds the schema migrated (starting both at once is the cluster tests' job).
      await waitFor(`${url}/health`, child, name);
    }
    panel = start(
      "panel",
      process.execPath,
      ["scripts/panel-server.mjs"],
      { PANEL_PORT: String(panelPort), PANEL_HOST: "127.0.0.1", GATEWAY_URL: nodes[0]!.url, NEXT_PUBLIC_API_URL: `http://localhost:${portA}` },
      path.join(artifacts, "cluster-panel.log"),
    );
    await waitFor(`http://127.0.0.1:${panelPort}/login`, panel, "panel");
  });

  test.afterAll(async () => {
    const children = [...nodes.map((n) => n.child), panel].filter(Boolean);
    for (const child of children) child.kill("SIGTERM");
    await Promise.race([
      Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? null : new Promise((r) => child.once("exit", r))))),
      new Promise((r) => setTimeout(r, 10_000)),
    ]);
    for (const child of children) child.kill("SIGKILL");
    for (const node of nodes) fs.rmSync(node.dataDir, { recursive: true, force: true });
    nodes = [];
    if (database) {
      await onDatabase(`drop schema if exists ${schema} cascade`);
      if (database.created) dropTestDatabase(database.url);
    }
  });

  test("Nodes card, Node column, move an instance, drain a node, and a node that dies shows as down", async ({ page }) => {
    test.setTimeout(120_000);
    // Two linked numbers on each node, all paired through node A (B's scans reach B by forwarding).
    const created: { id: string; name: string }[] = [];
    for (const [name, node] of [
      ["Cluster A1", "node-a"],
      ["Cluster A2", "node-a"],
      ["Cluster B1", "node-b"],
      ["Cluster B2", "node-b"],
    ]) {
      const { id } = await call<{ id: string }>("POST", "/api/v1/instances", { name, connect: true, node });
      created.push({ id, name: name! });
    }
    for (const { id } of created) await expect.poll(async () => (await instanceOf(id)).status, { timeout: 15_000 }).toBe("QR_REQUIRED");
    for (const { id } of created) await call("POST", `/api/v1/sandbox/instances/${id}/scan`, {});
    for (const { id } of created) await expect.poll(async () => (await instanceOf(id)).status, { timeout: 15_000 }).toBe("CONNECTED");
    const [, , b1] = created;
    expect((await instanceOf(b1!.id)).node).toBe("node-b");

    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, "/", panelUrl);
    const card = page.getByTestId("gateway-nodes");
    const rowOf = (name: string) => card.locator(`li[data-node="${name}"]`);
    await expect(rowOf("node-a")).toContainText("this node");
    await expect(rowOf("node-a")).toContainText("2 instances");
    await expect(rowOf("node-b")).toContainText("2 instances");
    await expect(rowOf("node-b")).toHaveAttribute("data-live", "true");
    await snapshot(page, "cluster-overview-desktop");
    await expectNoAxeViolations(page);

    // The instances table has a Node column in cluster mode.
    await page.goto(`${panelUrl}/instances`);
    const table = page.getByRole("table", { name: "Instances" });
    await expect(table.getByRole("columnheader", { name: /Node/ })).toBeVisible();
    await expect(table.getByRole("row", { name: /Cluster B1/ })).toContainText("node-b");
    await snapshot(page, "cluster-instances-desktop");

    // Move B1 to node A from its page: no new scan, CONNECTED there.
    await page.goto(`${panelUrl}/instances/${b1!.id}`);
    await page.getByRole("button", { name: "Move…" }).click();
    const dialog = page.getByRole("dialog", { name: "Move to another node" });
    await dialog.getByRole("combobox", { name: "Node" }).click();
    await page.getByRole("option", { name: /node-a/ }).click();
    await dialog.getByRole("button", { name: "Move" }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(async () => instanceOf(b1!.id), { timeout: 20_000 }).toEqual(expect.objectContaining({ node: "node-a", status: "CONNECTED" }));
    // The page follows the move live: the status events of the new owner carry its name.
    await expect(page.getByText("node-a", { exact: true })).toBeVisible();
    await expect(page.getByText("node-b", { exact: true })).toHaveCount(0);
    await expect(page.getByTestId("instance-header")).toHaveAttribute("data-status", "CONNECTED");

    // Drain node B from the Overview, after a confirmation: its last instance moves to A.
    await page.goto(panelUrl);
    await rowOf("node-b").getByRole("button", { name: "Drain node-b" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Drain “node-b”?" });
    await expect(confirm).toContainText("Its 1 instance moves");
    await confirm.getByRole("button", { name: "Drain" }).click();
    await expect(page.getByText("Draining “node-b”")).toBeVisible();
    await expect(rowOf("node-b")).toHaveAttribute("data-draining", "true");
    for (const { id } of created) {
      await expect.poll(async () => instanceOf(id), { timeout: 20_000 }).toEqual(expect.objectContaining({ node: "node-a", status: "CONNECTED" }));
    }
    await expect(rowOf("node-b")).toContainText("0 instances", { timeout: 10_000 });
    await expect(rowOf("node-a")).toContainText("4 instances");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "dark" });
    await snapshot(page, "cluster-overview-phone-dark");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await rowOf("node-b").getByRole("button", { name: "End the drain of node-b" }).click();
    await expect(rowOf("node-b")).toHaveAttribute("data-draining", "false");

    // A node that dies stops heartbeating: the card says so (its lease lapses after 3 s; the list refreshes every 5 s).
    nodes[1]!.child.kill("SIGKILL");
    await expect(rowOf("node-b")).toHaveAttribute("data-live", "false", { timeout: 20_000 });
    await expect(rowOf("node-b")).toContainText("down");
    await expect(rowOf("node-b").getByRole("button")).toHaveCount(0);
    await page.goto(`${panelUrl}/instances`);
    await expect(page.getByTestId("instance-cards")).toContainText("node-a");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snapshot(page, "cluster-instances-phone-dark");
    for (const { id } of created) await call("DELETE", `/api/v1/instances/${id}`);
  });
});
