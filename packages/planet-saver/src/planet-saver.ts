/** SlimFaasPlanetSaver: polls SlimFaas, wakes the functions a page needs and overlays it until they are ready (functions.md §12). */
import {
  allBlockingReady,
  behaviorOf,
  errorMessage,
  normalizeBaseUrl,
  resolveOptions,
  wakeTargets,
  type BehaviorValue,
  type FunctionStatus,
  type ResolvedOptions,
  type SlimFaasPlanetSaverOptions,
} from './options.js';
import { OVERLAY_CSS } from './styles.js';

/** The overlay's status modifier (`slimfaas-environment-overlay--<status>`). */
export type OverlayStatus = 'waiting' | 'waiting-action' | 'error';

const OVERLAY = 'slimfaas-environment-overlay';
const MODIFIERS = ['waiting', 'waiting-action', 'error'].map((status) => `${OVERLAY}--${status}`);

/** Per-page instance counter: overlay ids are `slimfaas-environment-overlay-<n>`, n from 1. */
let nextId = 1;

export default class SlimFaasPlanetSaver {
  readonly baseUrl: string;
  readonly id: number;
  readonly updateCallback: ResolvedOptions['updateCallback'];
  readonly errorCallback: ResolvedOptions['errorCallback'];
  readonly interval: number;
  readonly overlayStartingMessage: string;
  readonly overlayNoActivityMessage: string;
  readonly overlayErrorMessage: string;
  readonly overlaySecondaryMessage: string;
  readonly overlayErrorSecondaryMessage: string;
  readonly overlayLoadingIcon: string;
  readonly noActivityTimeout: number;
  readonly wakeUpTimeout: number;
  readonly behavior: ResolvedOptions['behavior'];
  /** Readiness of the blocking functions at the last successful poll. */
  isReady = false;
  isDocumentVisible: boolean;
  lastMouseMoveTime = 0;
  /** Start of the current wake round (null until the first poll with activity). */
  lastWakeUpTime: number | null = null;

  protected overlayElement: HTMLDivElement | null = null;
  protected iconElement: HTMLDivElement | null = null;
  protected spanElement: HTMLSpanElement | null = null;
  protected secondarySpanElement: HTMLSpanElement | null = null;
  protected styleElement: HTMLStyleElement | null = null;

  private readonly fetchImpl: typeof fetch;
  private cleaned = false;
  private polling = false;
  /** Incremented by every start/stop: a poll of an older chain never schedules another one. */
  private chain = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listening = false;

  constructor(baseUrl: string, options: SlimFaasPlanetSaverOptions = {}) {
    const o = resolveOptions(options);
    this.baseUrl = normalizeBaseUrl(baseUrl);
    this.id = nextId++;
    this.updateCallback = o.updateCallback;
    this.errorCallback = o.errorCallback;
    this.interval = o.interval;
    this.overlayStartingMessage = o.overlayStartingMessage;
    this.overlayNoActivityMessage = o.overlayNoActivityMessage;
    this.overlayErrorMessage = o.overlayErrorMessage;
    this.overlaySecondaryMessage = o.overlaySecondaryMessage;
    this.overlayErrorSecondaryMessage = o.overlayErrorSecondaryMessage;
    this.overlayLoadingIcon = o.overlayLoadingIcon;
    this.noActivityTimeout = o.noActivityTimeout;
    this.wakeUpTimeout = o.wakeUpTimeout;
    this.behavior = o.behavior;
    this.fetchImpl = o.fetch;
    this.isDocumentVisible = typeof document === 'undefined' ? true : !document.hidden;
  }

  /** The behaviour of a function (`WakeUp+BlockUI` unless configured). */
  getBehavior(name: string): BehaviorValue {
    return behaviorOf(this.behavior, name);
  }

  /** Records activity now, listens to mouse moves and visibility, builds the overlay and injects the styles. */
  initialize(): void {
    this.cleaned = false;
    this.lastMouseMoveTime = Date.now();
    this.isDocumentVisible = !document.hidden;
    if (!this.listening) {
      document.addEventListener('visibilitychange', this.handleVisibilityChange);
      document.addEventListener('mousemove', this.handleMouseMove);
      this.listening = true;
    }
    this.hideOverlay();
    this.createOverlay();
    this.styleElement?.remove();
    this.injectStyles();
  }

  /** Runs one poll now, then one `interval` after each poll ends; no-op if polling, without a base URL or after cleanup. */
  startPolling(): void {
    if (this.polling || !this.baseUrl || this.cleaned) return;
    this.polling = true;
    void this.runChain(++this.chain);
  }

  /** Cancels the pending poll (a poll in flight completes but schedules nothing). */
  stopPolling(): void {
    this.polling = false;
    this.chain++;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Stops for good: no more polls, listeners removed, overlay and style element removed. */
  cleanup(): void {
    this.cleaned = true;
    this.stopPolling();
    document.removeEventListener('visibilitychange', this.handleVisibilityChange);
    document.removeEventListener('mousemove', this.handleMouseMove);
    this.listening = false;
    document.getElementById(`${OVERLAY}-${this.id}`)?.remove();
    this.overlayElement?.remove();
    this.styleElement?.remove();
    this.styleElement = null;
  }

  private readonly handleMouseMove = (): void => {
    this.lastMouseMoveTime = Date.now();
  };

  private readonly handleVisibilityChange = (): void => {
    this.isDocumentVisible = !document.hidden;
  };

  private async runChain(chain: number): Promise<void> {
    try {
      await this.fetchStatus();
    } finally {
      if (chain === this.chain && this.polling && !this.cleaned) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.runChain(chain);
        }, this.interval);
      }
    }
  }

  /** One poll: statuses, overlay, `updateCallback`, messages and wake-ups; errors go to the overlay and `errorCallback`. */
  protected async fetchStatus(): Promise<void> {
    try {
      const fetchImpl = this.fetchImpl;
      const response = await fetchImpl(`${this.baseUrl}/status-functions`);
      if (response.status >= 400) throw new Error(`HTTP Error! status: ${response.status}`);
      const data = (await response.json()) as FunctionStatus[];
      if (!Array.isArray(data)) throw new Error('Unexpected /status-functions answer: not an array');
      if (this.cleaned) return;

      const ready = allBlockingReady(data, (name) => this.getBehavior(name));
      this.setReadyState(ready);
      this.updateCallback(data);

      const recentActivity = Date.now() - this.lastMouseMoveTime <= this.noActivityTimeout;
      if (!ready && this.isDocumentVisible && !recentActivity) {
        this.updateOverlayMessage(this.overlayNoActivityMessage, 'waiting-action');
      } else if (recentActivity) {
        if (!ready && this.isDocumentVisible) this.updateOverlayMessage(this.overlayStartingMessage, 'waiting');
        if (this.lastWakeUpTime === null) this.lastWakeUpTime = Date.now();
        if (await this.wakeUpPods(data, this.lastWakeUpTime)) this.lastWakeUpTime = Date.now();
      } else if (!this.isDocumentVisible && !ready) {
        this.updateOverlayMessage(this.overlayNoActivityMessage, 'waiting');
      }
    } catch (error) {
      if (this.cleaned) return;
      this.setReadyState(this.isReady);
      this.updateOverlayMessage(this.overlayErrorMessage, 'error', this.overlayErrorSecondaryMessage);
      this.errorCallback(errorMessage(error));
    }
  }

  /**
   * Wakes (in parallel) the functions that are not `None`: only those at zero within `wakeUpTimeout`
   * of `lastWakeUpTime`, all of them after it. True when at least one call was made; throws on a failed call.
   */
  protected async wakeUpPods(data: FunctionStatus[], lastWakeUpTime: number | null): Promise<boolean> {
    const targets = wakeTargets(data, (name) => this.getBehavior(name), lastWakeUpTime, Date.now(), this.wakeUpTimeout);
    const fetchImpl = this.fetchImpl;
    await Promise.all(
      targets.map(async (item) => {
        const response = await fetchImpl(`${this.baseUrl}/wake-function/${encodeURIComponent(item.Name)}`, { method: 'POST' });
        if (response.status >= 400) throw new Error(`HTTP Error! status: ${response.status} for function ${item.Name}`);
      }),
    );
    return targets.length > 0;
  }

  /** Records readiness: ready removes the overlay from the page, not ready attaches it. */
  protected setReadyState(isReady: boolean): void {
    this.isReady = isReady;
    if (isReady) this.hideOverlay();
    else this.showOverlay();
  }

  /** Builds the overlay (icon, main message, secondary message) without attaching it. */
  protected createOverlay(): void {
    const overlay = document.createElement('div');
    overlay.className = OVERLAY;
    overlay.id = `${OVERLAY}-${this.id}`;
    const icon = document.createElement('div');
    icon.className = `${OVERLAY}__icon`;
    icon.textContent = this.overlayLoadingIcon;
    const main = document.createElement('span');
    main.className = `${OVERLAY}__main-message`;
    main.innerHTML = this.overlayStartingMessage;
    const secondary = document.createElement('span');
    secondary.className = `${OVERLAY}__secondary-message`;
    secondary.textContent = this.overlaySecondaryMessage;
    overlay.append(icon, main, secondary);
    this.overlayElement = overlay;
    this.iconElement = icon;
    this.spanElement = main;
    this.secondarySpanElement = secondary;
  }

  /** Adds the overlay's `<style>` element to `document.head`. */
  protected injectStyles(): void {
    const style = document.createElement('style');
    style.textContent = OVERLAY_CSS;
    document.head.appendChild(style);
    this.styleElement = style;
  }

  /** Attaches the overlay to `document.body` (never after cleanup). */
  protected showOverlay(): void {
    if (this.cleaned || !this.overlayElement || !document.body) return;
    if (!document.body.contains(this.overlayElement)) document.body.appendChild(this.overlayElement);
  }

  /** Removes the overlay from the page. */
  protected hideOverlay(): void {
    if (this.overlayElement?.isConnected) this.overlayElement.remove();
  }

  /** Sets the main message (as HTML), the secondary one (text; the default when none is given) and the one status modifier. */
  protected updateOverlayMessage(message: string, status: OverlayStatus = 'waiting', secondaryMessage: string | null = null): void {
    if (this.spanElement) this.spanElement.innerHTML = message;
    if (this.secondarySpanElement) this.secondarySpanElement.textContent = secondaryMessage ?? this.overlaySecondaryMessage;
    if (this.overlayElement) {
      this.overlayElement.classList.remove(...MODIFIERS);
      this.overlayElement.classList.add(`${OVERLAY}--${status}`);
    }
  }
}

export { SlimFaasPlanetSaver };
