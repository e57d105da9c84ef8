// Memory settings of the drift fixture — café ☕ before the reads.
type Env = Record<string, string | undefined>;

export function memoryConfig(env: Env = process.env) {
  const host = process.env.QDRANT_HOST ?? null;
  const port = Number(process.env.QDRANT_PORT ?? "6333");
  const apiKey = env.QDRANT_API_KEY || undefined;
  return { host, port, apiKey };
}
