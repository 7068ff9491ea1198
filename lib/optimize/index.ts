export * from './forest-minimize.js';
