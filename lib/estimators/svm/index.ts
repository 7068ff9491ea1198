export { SVC } from './svc.js';
export type { DecisionFunctionShape, SVCParams } from './svc.js';
export { SVR } from './svr.js';
export type { SVRParams } from './svr.js';
export type { LibsvmParams } from './svm-params.js';
export type { SvmGamma, SvmKernel } from './kernels.js';
