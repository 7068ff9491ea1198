/** Clustering (scikit-learn's `sklearn.cluster`). */
export { KMeans } from './k-means.js';
export type { KMeansFitOptions, KMeansInit, KMeansParams } from './k-means.js';
