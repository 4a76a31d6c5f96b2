/**
 * A validation message as a sentence under its field. The contract's messages are fragments written to follow a
 * field's path in the gateway's 400s (`body.name must be at most 64 characters`); under a field they follow its label
 * ("Name must be at most 64 characters."). "is required" becomes the field's own request (`required`, e.g.
 * "Enter a name."). A message that is already a sentence only gets its full stop.
 */
export function fieldMessage(label: string, message: string | undefined, required?: string): string | undefined {
  if (!message) return undefined;
  if (message === "is required" && required) return required;
  const sentence = /^[a-z]/.test(message) ? `${label} ${message}` : message;
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}
