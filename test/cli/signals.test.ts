import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { abortOnStopSignals, type SignalSource } from "../../src/cli/signals.js";

class FakeProcess extends EventEmitter implements SignalSource {
  exitCodes: number[] = [];

  exit(code: number): never {
    this.exitCodes.push(code);
    return undefined as never;
  }
}

describe("abortOnStopSignals", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("aborts on %s and says which signal", (name) => {
    const proc = new FakeProcess();
    const stop = abortOnStopSignals(proc);
    expect(stop.signal.aborted).toBe(false);
    proc.emit(name);
    expect(stop.signal.aborted).toBe(true);
    expect((stop.signal.reason as Error).message).toBe(`received ${name}`);
    expect(proc.exitCodes).toEqual([]);
  });

  it("exits at once with 130 on a second signal during shutdown", () => {
    const proc = new FakeProcess();
    abortOnStopSignals(proc);
    proc.emit("SIGTERM");
    proc.emit("SIGINT");
    expect(proc.exitCodes).toEqual([130]);
  });

  it("removes every handler on dispose, before or after a signal", () => {
    const before = new FakeProcess();
    abortOnStopSignals(before).dispose();
    expect(before.listenerCount("SIGTERM") + before.listenerCount("SIGINT")).toBe(0);

    const after = new FakeProcess();
    const stop = abortOnStopSignals(after);
    after.emit("SIGINT");
    stop.dispose();
    expect(after.listenerCount("SIGTERM") + after.listenerCount("SIGINT")).toBe(0);
  });
});
