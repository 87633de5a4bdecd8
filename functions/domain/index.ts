export * from './dates';
export * from './register';
export * from './return';
export * from './measures';
export * from './rules';
export * from './aggregate';
export * from './thresholds';
export * from './views/types';
