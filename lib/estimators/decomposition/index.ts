export * from './pca.js';
export * from './truncated-svd.js';
