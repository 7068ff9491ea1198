/**
 * scikit-optimize's README example, line for line: minimize a noisy 1-D
 * function with `gp_minimize` over `(-2.0, 2.0)`, then plot the convergence.
 *
 *     npx tsx examples/skopt-gp-minimize.ts      # writes gp-minimize.html beside the working directory
 *
 * `np.random.randn()` becomes a seeded normal draw (tunekit's `Rng`), so the
 * run is the same each time; the plot goes into a self-contained HTML report.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Rng, gpMinimize } from '../lib/index.js';
import type { OptimizeResult } from '../lib/index.js';
import { optimizeReport } from '../lib/report/index.js';

const np = { random: { rng: new Rng(0), randn: () => np.random.rng.normal() } };

/** The README's run (`nCalls` 100 is gp_minimize's default; the test runs fewer). */
export async function main(options: { readonly nCalls?: number; readonly reportPath?: string } = {}): Promise<OptimizeResult<unknown[]>> {
  function f(x: unknown[]): number { // def f(x):
    return Math.sin(5 * (x[0] as number)) * (1 - Math.tanh((x[0] as number) ** 2)) + np.random.randn() * 0.1; // return (np.sin(5 * x[0]) * (1 - np.tanh(x[0] ** 2)) + np.random.randn() * 0.1)
  }

  const res = await gpMinimize(f, [[-2.0, 2.0]], { nCalls: options.nCalls, randomState: 0 }); // res = gp_minimize(f, [(-2.0, 2.0)])

  console.log(`x* = ${(res.x as number[])[0]?.toFixed(4)}, f(x*) = ${res.fun.toFixed(4)}`); // the minimum is near x = -0.3, f = -0.8
  const { path } = await optimizeReport(res, options.reportPath ?? 'gp-minimize.html', { title: 'gp_minimize (README example)' }); // plot_convergence(res)
  console.log(`report: ${path}`);
  return res;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main({ reportPath: join(tmpdir(), 'gp-minimize.html') });
