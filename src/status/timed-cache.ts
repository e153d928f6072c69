/** A value loaded at most once per `ttlMs` (0 = every time); concurrent reads share one load. */
export class TimedCache<T> {
  private value: { at: number; data: T } | null = null;
  private loading: Promise<T> | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly load: () => Promise<T>,
    private readonly clock: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.value && this.ttlMs > 0 && this.clock() - this.value.at < this.ttlMs) return Promise.resolve(this.value.data);
    if (this.loading) return this.loading;
    this.loading = this.load().then(
      (data) => {
        this.value = { at: this.clock(), data };
        this.loading = null;
        return data;
      },
      (err: unknown) => {
        this.loading = null;
        throw err;
      },
    );
    return this.loading;
  }
}
