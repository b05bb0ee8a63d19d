// The watch cache's sizing as kube-apiserver 1.28 does it, on an injected time: a full cache grows
// while its oldest event is fresh, evicts once it is stale, and shrinks when even its newest
// quarter is stale; the oldest servable revision moves only when something was evicted.

import { describe, expect, it } from "vitest";
import {
  fixedWatchCacheSizing,
  KUBE_WATCH_CACHE_SIZING,
  StoredEvent,
  WatchCache,
  type WatchCacheSizing,
} from "../../../src/sim/storage/watch-cache.js";
import { service } from "./world.js";

const WINDOW_START = 10;

/** Pushes `count` events with consecutive revisions after the cache's newest, all at `atMs`. */
function pushEvents(cache: WatchCache, count: number, atMs: number): void {
  for (let i = 0; i < count; i++) {
    const revision = cache.revision + 1;
    cache.push(new StoredEvent("ADDED", revision, "ns", service("ns", `s${revision}`), undefined), atMs);
  }
}

function heldRevisions(cache: WatchCache): number[] {
  return cache.since(0).map((e) => e.revision);
}

describe("watch cache sizing (kube 1.28)", () => {
  it("starts at 100 events and doubles instead of evicting while every event is fresh", () => {
    const cache = new WatchCache(KUBE_WATCH_CACHE_SIZING, WINDOW_START);
    expect(cache.currentCapacity).toBe(100);
    pushEvents(cache, 450, 0);
    expect(cache.currentCapacity).toBe(800);
    expect(heldRevisions(cache)).toHaveLength(450);
    expect(cache.oldestServable).toBe(WINDOW_START);
  });

  it("evicts the oldest event once it is older than 75 s, and the window moves past it", () => {
    const cache = new WatchCache(KUBE_WATCH_CACHE_SIZING, WINDOW_START);
    pushEvents(cache, 100, 0);
    pushEvents(cache, 1, 74_999);
    expect(cache.currentCapacity).toBe(200);
    expect(cache.oldestServable).toBe(WINDOW_START);

    const stale = new WatchCache(KUBE_WATCH_CACHE_SIZING, WINDOW_START);
    pushEvents(stale, 100, 0);
    pushEvents(stale, 1, 75_000);
    expect(stale.currentCapacity).toBe(100);
    expect(heldRevisions(stale)).toHaveLength(100);
    expect(heldRevisions(stale)[0]).toBe(WINDOW_START + 2);
    expect(stale.oldestServable).toBe(WINDOW_START + 1);
  });

  it("stops growing at its upper bound and evicts from there", () => {
    const sizing: WatchCacheSizing = { lowerBound: 4, upperBound: 8, freshMs: 1000 };
    const cache = new WatchCache(sizing, WINDOW_START);
    pushEvents(cache, 9, 0);
    expect(cache.currentCapacity).toBe(8);
    expect(heldRevisions(cache)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(cache.oldestServable).toBe(11);
  });

  it("halves (not below its lower bound) when even its newest quarter is stale", () => {
    const sizing: WatchCacheSizing = { lowerBound: 4, upperBound: 64, freshMs: 1000 };
    const cache = new WatchCache(sizing, WINDOW_START);
    pushEvents(cache, 16, 0);
    expect(cache.currentCapacity).toBe(16);
    pushEvents(cache, 1, 2000);
    expect(cache.currentCapacity).toBe(8);
    expect(heldRevisions(cache)).toEqual([20, 21, 22, 23, 24, 25, 26, 27]);
    pushEvents(cache, 1, 4000);
    expect(cache.currentCapacity).toBe(4);
    expect(heldRevisions(cache)).toEqual([25, 26, 27, 28]);
    pushEvents(cache, 1, 6000);
    expect(cache.currentCapacity).toBe(4);
    expect(heldRevisions(cache)).toEqual([26, 27, 28, 29]);
  });

  it("keeps a fixed capacity whatever the age of its events", () => {
    const cache = new WatchCache(fixedWatchCacheSizing(3), WINDOW_START);
    pushEvents(cache, 5, 0);
    expect(cache.currentCapacity).toBe(3);
    expect(heldRevisions(cache)).toEqual([13, 14, 15]);
    expect(cache.oldestServable).toBe(12);
  });

  it("starts empty again at a relist, keeping its size", () => {
    const cache = new WatchCache(KUBE_WATCH_CACHE_SIZING, WINDOW_START);
    pushEvents(cache, 150, 0);
    cache.reset(500);
    expect(heldRevisions(cache)).toEqual([]);
    expect(cache.oldestServable).toBe(500);
    expect(cache.currentCapacity).toBe(200);
  });
});
