/**
 * A worker process of the suite: runs the jobs its parent sends, one at a time,
 * and sends back each run (and the TensorFlow.js backend, once the Keras task
 * has loaded it).
 */
import { kerasBackend } from './keras-task.js';
import type { RunJob } from './pool.js';
import { runOne } from './runner.js';
import { pickStrategies } from './strategies.js';
import { pickTasks } from './tasks.js';

process.on('message', (job: RunJob) => {
  void (async () => {
    const [task] = pickTasks([job.task]);
    const [strategy] = pickStrategies([job.strategy]);
    const run = await runOne(task!, strategy!, job.seed, job.budget);
    process.send?.({ run, backend: kerasBackend() });
  })();
});
process.on('disconnect', () => process.exit(0));
