/** JSON text pretty-printed when it parses, shown as-is otherwise (the exact bytes matter for signatures). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function CodeBlock({ children, label, className = "", testId }: { children: string; label: string; className?: string; testId?: string }) {
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
      className={`max-h-80 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all ${className}`}
    >
      {children === "" ? <span className="text-muted-foreground">(empty)</span> : children}
    </pre>
  );
}

/** Header names and values as a compact two-column list. */
export function HeaderList({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">None.</p>;
  return (
    <dl aria-label={label} className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1 rounded-md border bg-muted/30 p-3 font-mono text-xs">
      {entries.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-muted-foreground break-all">{name}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
