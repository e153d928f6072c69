export * from './config.js';
export * from './decision.js';
export * from './lag.js';
export * from './service.js';
