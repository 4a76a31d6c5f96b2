import * as z from "zod/mini";

// Apart from contract/templates.ts so that contract/instances.ts (the create request names a template) can import it
// without an import cycle (templates.ts imports InstanceId from instances.ts).

export const TemplateId = z
  .string()
  .check(z.regex(/^tpl_[A-Za-z0-9]{10,40}$/, "must be a template id like tpl_…"))
  .register(z.globalRegistry, { description: "Settings template id", example: "tpl_4Hq8mZ2xK7pW" });
