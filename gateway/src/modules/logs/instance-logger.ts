import pino, { type DestinationStream, type Level, type Logger, type StreamEntry } from "pino";
import type { LogLevel } from "../../../../contract/logs";
import { PINO_REDACT } from "./log-redaction";
import type { LogStore } from "./log-store";

type PinoLevel = Level | "silent";

/** Fields every pino line carries that are not context. */
const STANDARD_FIELDS = new Set(["level", "time", "pid", "hostname", "msg", "service", "component", "instanceId", "v"]);

function levelOf(value: number): LogLevel {
  if (value >= 50) return "error";
  if (value >= 40) return "warn";
  if (value >= 30) return "info";
  return "debug";
}

/** Turns one pino JSON line from an instance's logger into a store entry (source `engine`). */
function storePinoLine(store: LogStore, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!STANDARD_FIELDS.has(key)) context[key] = value;
  const err = context.err as { type?: unknown; message?: unknown } | undefined;
  if (err && typeof err === "object") context.err = { type: err.type, message: err.message }; // no stack traces in the log
  store.write({
    level: levelOf(typeof record.level === "number" ? record.level : 30),
    source: "engine",
    message: typeof record.msg === "string" && record.msg ? record.msg : "(engine output)",
    ...(typeof record.instanceId === "string" ? { instanceId: record.instanceId } : {}),
    ...(typeof record.time === "number" ? { time: new Date(record.time).toISOString() } : {}),
    context,
  });
}

/**
 * Per-instance loggers whose lines go both to the gateway's own output (at its level) and into the log store
 * (at `storeLevel`, BAILEYS_LOG_LEVEL): Baileys' pino output and the runtime's warnings become log entries.
 */
export function instanceLoggerFactory(base: Logger, store: LogStore, storeLevel: PinoLevel): (instanceId: string) => Logger {
  const streams: StreamEntry<Level>[] = [];
  const mainStream = (base as unknown as Record<symbol, DestinationStream | undefined>)[pino.symbols.streamSym];
  if (mainStream && base.level !== "silent") streams.push({ level: base.level as Level, stream: mainStream });
  if (storeLevel !== "silent") streams.push({ level: storeLevel, stream: { write: (line: string) => storePinoLine(store, line) } });
  if (streams.length === 0) return (instanceId) => base.child({ instanceId });
  const value = (level: Level | undefined) => (level ? base.levels.values[level] : undefined) ?? 30;
  const lowest = streams.map((s) => s.level ?? "info").reduce((min, level) => (value(level) < value(min) ? level : min));
  const root = pino({ level: lowest, base: base.bindings(), redact: PINO_REDACT }, pino.multistream(streams));
  return (instanceId) => root.child({ instanceId });
}
