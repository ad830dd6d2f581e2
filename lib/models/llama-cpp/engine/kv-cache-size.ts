/** What one token costs in a llama.cpp KV cache: a key and a value per layer and KV head. */
export interface KvCacheShape {
  layers: number;
  /** Per layer: a model may vary them; they are summed. */
  kvHeadsPerLayer: number[];
  keyLength: number;
  valueLength: number;
}

/** Bytes per element of the cache; llama.cpp's default (and ours) is F16. */
const F16_BYTES = 2;

export function kvCacheBytesPerToken(shape: KvCacheShape, bytesPerElement = F16_BYTES): number {
  const heads = shape.kvHeadsPerLayer.reduce((sum, count) => sum + count, 0);
  return heads * (shape.keyLength + shape.valueLength) * bytesPerElement;
}

type Metadata = Record<string, unknown>;

/**
 * The KV cache shape from GGUF metadata (`<arch>.block_count`, `<arch>.attention.head_count_kv`,
 * `key_length`/`value_length` or embedding width over heads), or undefined when a field is missing
 * (e.g. a recurrent model, which has no KV cache of this shape).
 */
export function kvCacheShapeOf(metadata: Metadata): KvCacheShape | undefined {
  const general = metadata.general as Metadata | undefined;
  const arch = typeof general?.architecture === "string" ? general.architecture : undefined;
  const fields = arch ? (metadata[arch] as Metadata | undefined) : undefined;
  const attention = fields?.attention as Metadata | undefined;
  const layers = fields?.block_count;
  const width = fields?.embedding_length;
  const heads = attention?.head_count;
  if (typeof layers !== "number" || typeof heads !== "number" || heads <= 0) return undefined;
  const kvHeads = attention?.head_count_kv ?? heads;
  const kvHeadsPerLayer = Array.isArray(kvHeads)
    ? kvHeads.map(Number)
    : Array.from({ length: layers }, () => Number(kvHeads));
  const headWidth = typeof width === "number" ? width / heads : undefined;
  const keyLength = typeof attention?.key_length === "number" ? attention.key_length : headWidth;
  const valueLength =
    typeof attention?.value_length === "number" ? attention.value_length : headWidth;
  if (keyLength === undefined || valueLength === undefined) return undefined;
  if (kvHeadsPerLayer.some((count) => !Number.isFinite(count))) return undefined;
  return { layers, kvHeadsPerLayer, keyLength, valueLength };
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}
