// A 3 s local cooldown after a click ("⏳ Waking up…").
import { useCallback, useEffect, useRef, useState } from 'react';

export function useCooldown(ms = 3000): [boolean, () => void] {
  const [active, setActive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current !== null) clearTimeout(timer.current);
  }, []);
  const start = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    setActive(true);
    timer.current = setTimeout(() => {
      timer.current = null;
      setActive(false);
    }, ms);
  }, [ms]);
  return [active, start];
}
