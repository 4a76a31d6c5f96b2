import { dbTime } from "../../db/clock";
import type { Db, DialectName } from "../../db/database";

/**
 * A job that only one node of a cluster may run at a time (the alert evaluator), held like an instance lease: one row
 * per job `(node, expires_at)` by the database's clock, taken when absent, expired or already this node's, renewed by
 * taking it again. Whoever holds it when a round starts runs that round; work that must not happen twice still claims
 * each step with a conditional update, so a node that lost the lease mid-round cannot repeat what the next one does.
 */
export class LeaderLease {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly name: string,
    private readonly node: () => string,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease; true when this node holds it now. */
  async hold(): Promise<boolean> {
    const node = this.node();
    const row = await this.db
      .insertInto("leader_leases")
      .values({ name: this.name, node, expires_at: dbTime(this.dialect, this.ttlMs) })
      .onConflict((oc) =>
        oc
          .column("name")
          .doUpdateSet({ node, expires_at: dbTime(this.dialect, this.ttlMs) })
          .where((eb) => eb.or([eb("leader_leases.expires_at", "<=", dbTime(this.dialect)), eb("leader_leases.node", "=", node)])),
      )
      .returning("node")
      .executeTakeFirst();
    return row?.node === node;
  }

  /** Hands the lease back at once (a clean stop): another node takes over on its next round. */
  async release(): Promise<void> {
    await this.db.updateTable("leader_leases").set({ expires_at: dbTime(this.dialect) }).where("name", "=", this.name).where("node", "=", this.node()).execute();
  }
}
