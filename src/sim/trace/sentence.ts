/**
 * Summaries and titles are written in lower case so they can be quoted
 * inside other sentences; shown on their own, they start with a capital.
 * Names that are lower case on purpose (programs, commands) stay as written.
 */
const LOWER_CASE_NAMES =
  /^(?:dockerd|containerd|containerd-shim-runc-v2|runc|docker-proxy|docker|iptables|nginx|alpine|stdout|stderr|stdin)\b/;

export function sentenceCase(text: string): string {
  if (!text || LOWER_CASE_NAMES.test(text)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
