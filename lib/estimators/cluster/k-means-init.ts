/**
 * The initial centers of k-means, drawn as scikit-learn 1.2 draws them from
 * numpy's `RandomState` (`_kmeans_plusplus` and `_init_centroids` in
 * `sklearn/cluster/_kmeans.py`).
 *
 * Greedy k-means++: the first center is `randint(n)`; each next one is the best of
 * `2 + floor(ln k)` candidates drawn with probability proportional to the squared
 * distance to the closest center so far (`uniform(size=trials) * potential`,
 * located in the running sum of those distances), the best being the candidate
 * that leaves the smallest potential. Distances are computed as scikit-learn
 * computes them (`‖c‖² − 2 c·x + ‖x‖²`, clipped at 0), and the sums are numpy's,
 * so the same seed picks the same samples.
 */
import type { RandomState } from '../../core/random-state.js';
import { pairwiseSum } from '../../metrics/_numeric.js';
import type { ClusterData } from './cluster-kernels.js';

/** Centers chosen among the samples, and which samples they are. */
export interface ChosenCenters {
  /** `k × p`, row-major. */
  readonly centers: Float64Array;
  readonly indices: Int32Array;
}

/**
 * scikit-learn's greedy k-means++ on X (`n × p`, row-major, also in the kernels'
 * memory, with the samples' squared norms, as `data`); `nLocalTrials` defaults to
 * `2 + floor(ln k)`.
 */
export function kMeansPlusPlus(
  data: ClusterData,
  X: Float64Array,
  k: number,
  random: RandomState,
  nLocalTrials = 2 + Math.floor(Math.log(k)),
): ChosenCenters {
  const { n, p } = data;
  const centers = new Float64Array(k * p);
  const indices = new Int32Array(k).fill(-1);
  const first = random.randint(n) as number;
  centers.set(X.subarray(first * p, (first + 1) * p), 0);
  indices[0] = first;

  let closest = data.candidateDistances([first], undefined)[0] as Float64Array;
  let potential = pairwiseSum(closest);
  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    const draws = random.randomSample(nLocalTrials) as Float64Array;
    // stable_cumsum: a running sum
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i] as number;
      cumulative[i] = running;
    }
    const candidates = new Int32Array(nLocalTrials);
    for (let t = 0; t < nLocalTrials; t++) {
      candidates[t] = Math.min(searchSortedLeft(cumulative, (draws[t] as number) * potential), n - 1);
    }
    // each candidate's distances, lowered to the current closest ones
    const candidateDistances = data.candidateDistances(candidates, closest);
    let best = 0;
    let bestPotential = Infinity;
    for (let t = 0; t < nLocalTrials; t++) {
      const pot = pairwiseSum(candidateDistances[t] as Float64Array);
      // argmin: the first smallest
      if (pot < bestPotential) {
        bestPotential = pot;
        best = t;
      }
    }
    potential = bestPotential;
    closest = candidateDistances[best] as Float64Array;
    const chosen = candidates[best] as number;
    centers.set(X.subarray(chosen * p, (chosen + 1) * p), c * p);
    indices[c] = chosen;
  }
  return { centers, indices };
}

/** `init='random'`: the first k samples of `permutation(n)`. */
export function randomCenters(X: Float64Array, n: number, p: number, k: number, random: RandomState): ChosenCenters {
  const order = random.permutation(n);
  const centers = new Float64Array(k * p);
  const indices = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    const i = order[c] as number;
    indices[c] = i;
    centers.set(X.subarray(i * p, (i + 1) * p), c * p);
  }
  return { centers, indices };
}

/** numpy's `searchsorted(sorted, value)` (side 'left'): the first index whose value is >= `value`. */
function searchSortedLeft(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
