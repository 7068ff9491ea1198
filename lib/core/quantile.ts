/**
 * numpy's linear quantile, the one definition the library uses (scalers,
 * pruners, reports): on sorted values, virtual index `(n - 1) * fraction`,
 * interpolated as numpy's `_lerp` does (from the upper value when the fractional
 * part is at least 0.5), so results equal numpy's to the last bit.
 */

/**
 * The `fraction` quantile (in [0, 1]; clamped) of values sorted ascending; NaN when empty.
 * @example
 * ```ts
 * quantileSorted([1, 2, 3, 4], 0.25); // 1.75, as np.quantile
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, fraction: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = (n - 1) * fraction;
  if (index >= n - 1) return sorted[n - 1] as number;
  if (index <= 0) return sorted[0] as number;
  const below = Math.floor(index);
  const t = index - below;
  const a = sorted[below] as number;
  const b = sorted[below + 1] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
