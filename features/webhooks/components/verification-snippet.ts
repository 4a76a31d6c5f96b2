/** Node.js receiver that verifies deliveries with the `standardwebhooks` package (what the secret dialog shows). */
export const NODE_VERIFY_SNIPPET = `// npm install standardwebhooks express
import express from "express";
import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.WEBHOOK_SECRET); // "whsec_…"
const app = express();

// Verify the raw bytes: parsing and re-serialising JSON breaks the signature.
app.post("/hooks/whatsapp", express.raw({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = wh.verify(req.body, req.headers); // checks webhook-id, webhook-timestamp (±5 min), webhook-signature
  } catch {
    return res.sendStatus(400);
  }
  // Retries and replays reuse the same webhook-id: skip ids you have already handled.
  console.log(req.headers["webhook-id"], event.type, event.data);
  res.sendStatus(204); // any 2xx; anything else is retried
});

app.listen(3000);
`;
