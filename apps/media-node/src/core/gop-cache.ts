import type { CachedItem } from './cached-item.ts';

/** Limits of the GOP cache; a GOP that outgrows them is dropped and joiners wait for the next keyframe. */
export interface GopCacheLimits {
  readonly maxBytes: number;
  readonly maxItems: number;
}

/** Holds the frames since the latest sync point so a new reader starts on a keyframe at once. */
export class GopCache {
  private items: CachedItem[] = [];
  private bytes = 0;
  private overflowed = false;
  private readonly limits: GopCacheLimits;

  constructor(limits: GopCacheLimits) {
    this.limits = limits;
  }

  push(item: CachedItem): void {
    if (item.sync && item.frame?.kind === 'video') {
      this.items = [];
      this.bytes = 0;
      this.overflowed = false;
    }
    if (this.overflowed || item.frame === undefined) return;
    // Audio-only streams: keep nothing before the first sync point.
    if (this.items.length === 0 && !item.sync) return;
    this.items.push(item);
    this.bytes += item.size;
    if (this.bytes > this.limits.maxBytes || this.items.length > this.limits.maxItems) {
      this.items = [];
      this.bytes = 0;
      this.overflowed = true;
    }
  }

  /** Items already sent to existing readers, starting at a sync point; empty when none is cached. */
  flushedItems(): readonly CachedItem[] {
    const first = this.items[0];
    if (first === undefined || !first.flushed) return [];
    let end = this.items.length;
    while (end > 0 && !this.items[end - 1]!.flushed) end--;
    return this.items.slice(0, end);
  }

  clear(): void {
    this.items = [];
    this.bytes = 0;
  }

  get byteLength(): number {
    return this.bytes;
  }
}
