export { LinearSVC } from './linear-svc.js';
export type { LinearSVCParams } from './linear-svc.js';
export { LinearSVR } from './linear-svr.js';
export type { LinearSVRParams } from './linear-svr.js';
