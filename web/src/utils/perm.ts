/** The administrator's permission, which matches everything. */
export const ALL_PERMISSION = '*:*:*'

function segmentMatch(granted: string, wanted: string): boolean {
  const g = granted.split(':')
  const w = wanted.split(':')
  if (g.length !== w.length) return false
  return g.every((seg, i) => seg === '*' || seg === w[i])
}

/**
 * Whether the granted permission list allows `wanted`. Exact match, `*:*:*`, and
 * RuoYi-style per-segment wildcards (`system:user:*`) are honoured. An empty or
 * missing `wanted` is always allowed.
 */
export function hasPermission(granted: readonly string[] | undefined | null, wanted: string | undefined | null): boolean {
  if (!wanted) return true
  if (!granted || granted.length === 0) return false
  for (const g of granted) {
    if (g === ALL_PERMISSION || g === wanted) return true
    if (g.includes('*') && segmentMatch(g, wanted)) return true
  }
  return false
}

/** True when any of `wanted` is granted (an empty list is allowed). */
export function hasAnyPermission(granted: readonly string[] | undefined | null, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return true
  return wanted.some((w) => hasPermission(granted, w))
}
