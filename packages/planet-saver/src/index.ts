/** @slimfaas/planet-saver: the framework-free SlimFaas "waking up" overlay (functions.md §12). */
export { SlimFaasPlanetSaver, type OverlayStatus } from './planet-saver.js';
export { default } from './planet-saver.js';
export type { BehaviorValue, BehaviorMap, FunctionStatus, SlimFaasPlanetSaverOptions } from './options.js';
export { DEFAULTS } from './options.js';
