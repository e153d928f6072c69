// Summary line of the Infrastructure Overview and the "Wake Up All Functions" button.
import { wakeAllFunctions } from '../lib/api';
import type { FunctionStatusDetailed } from '../lib/types';
import { useCooldown } from '../lib/use-cooldown';

export function OverviewSummary({ functions }: { functions: FunctionStatusDetailed[] }) {
  const [waking, startCooldown] = useCooldown();
  const ready = functions.reduce((sum, f) => sum + (f.NumberReady ?? 0), 0);
  const requested = functions.reduce((sum, f) => sum + (f.NumberRequested ?? 0), 0);
  const allAwake = functions.length > 0 && functions.every((f) => (f.NumberReady ?? 0) > 0);
  const disabled = functions.length === 0 || allAwake || waking;
  const onClick = (): void => {
    startCooldown();
    wakeAllFunctions().catch(() => undefined);
  };
  return (
    <div className="summary">
      <dl className="summary-stats" aria-live="polite">
        <div className="stat">
          <dt>Functions</dt>
          <dd data-testid="function-count">{functions.length}</dd>
        </div>
        <div className="stat">
          <dt>Ready / requested pods</dt>
          <dd data-testid="pod-count">
            {ready} / {requested}
          </dd>
        </div>
      </dl>
      <button
        type="button"
        className="btn btn-primary"
        data-testid="wake-all"
        onClick={onClick}
        disabled={disabled}
        title={allAwake ? 'Every function already has a ready pod' : undefined}
      >
        {waking ? '⏳ Waking up…' : '⚡ Wake Up All Functions'}
      </button>
    </div>
  );
}
