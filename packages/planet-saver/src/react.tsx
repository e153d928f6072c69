/** `<PlanetSaver>`: React wrapper rendering its children once the blocking functions were ready (functions.md §12.5). */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import SlimFaasPlanetSaver from './planet-saver.js';
import { allBlockingReady, type BehaviorMap, type FunctionStatus } from './options.js';

export interface PlanetSaverProps {
  children?: ReactNode;
  /** SlimFaas base URL; nothing happens while it is empty. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Default 60000 ms. */
  noActivityTimeout?: number;
  /** Default `{}` (every function `WakeUp+BlockUI`). */
  behavior?: BehaviorMap;
}

export const REACT_ERROR_MESSAGE = 'An error occurred when starting environment. Please contact an administrator.';

export function PlanetSaver({ children, baseUrl, fetch, noActivityTimeout = 60000, behavior = {} }: PlanetSaverProps) {
  const [isFirstStart, setIsFirstStart] = useState(true);
  const instanceRef = useRef<SlimFaasPlanetSaver | null>(null);

  useEffect(() => {
    if (!baseUrl || instanceRef.current) return;
    const instance = new SlimFaasPlanetSaver(baseUrl, {
      interval: 2000,
      fetch,
      behavior,
      noActivityTimeout,
      updateCallback: (data: FunctionStatus[]) => {
        if (allBlockingReady(data, (name) => instance.getBehavior(name))) setIsFirstStart(false);
      },
      overlayErrorMessage: REACT_ERROR_MESSAGE,
    });
    instanceRef.current = instance;
    instance.initialize();
    instance.startPolling();
    return () => {
      try {
        instance.cleanup();
      } finally {
        instanceRef.current = null;
      }
    };
    // The instance lives as long as the base URL: other props are read when it is created.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [baseUrl]);

  return isFirstStart ? null : <>{children}</>;
}

export default PlanetSaver;
