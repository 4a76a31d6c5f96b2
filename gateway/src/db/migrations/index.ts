import type { Migration } from "kysely";
import * as m0001 from "./0001-initial";
import * as m0002 from "./0002-operators";
import * as m0003 from "./0003-instances";
import * as m0004 from "./0004-webhooks";
import * as m0005 from "./0005-api-keys";
import * as m0006 from "./0006-logs";
import * as m0007 from "./0007-login-throttle";
import * as m0008 from "./0008-api-key-permissions";
import * as m0009 from "./0009-instance-name-unique";
import * as m0010 from "./0010-cluster";
import * as m0011 from "./0011-messages";
import * as m0012 from "./0012-inbound-media";
import * as m0013 from "./0013-messages-recent";
import * as m0014 from "./0014-instance-watchdog";
import * as m0015 from "./0015-activity";
import * as m0016 from "./0016-alerts";
import * as m0017 from "./0017-instance-settings";
import * as m0018 from "./0018-proxies";
import * as m0019 from "./0019-settings-templates";
import * as m0020 from "./0020-webhook-delivery-retention";

/** Every migration, in order. Names are stable: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  "0001-initial": m0001,
  "0002-operators": m0002,
  "0003-instances": m0003,
  "0004-webhooks": m0004,
  "0005-api-keys": m0005,
  "0006-logs": m0006,
  "0007-login-throttle": m0007,
  "0008-api-key-permissions": m0008,
  "0009-instance-name-unique": m0009,
  "0010-cluster": m0010,
  "0011-messages": m0011,
  "0012-inbound-media": m0012,
  "0013-messages-recent": m0013,
  "0014-instance-watchdog": m0014,
  "0015-activity": m0015,
  "0016-alerts": m0016,
  "0017-instance-settings": m0017,
  "0018-proxies": m0018,
  "0019-settings-templates": m0019,
  "0020-webhook-delivery-retention": m0020,
};
