/** Preprocessing transformers (scikit-learn's `sklearn.preprocessing` and `sklearn.impute.SimpleImputer`). */
export * from './standard-scaler.js';
export * from './min-max-scaler.js';
export * from './robust-scaler.js';
export * from './one-hot-encoder.js';
export * from './simple-imputer.js';
export * from './polynomial-features.js';
