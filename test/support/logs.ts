// A log sink for a daemon run in a test: it parses the JSON log lines and resolves on the line a
// test waits for; and a deadline for any promise.

import { Writable } from "node:stream";

export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export type LogLine = Record<string, unknown>;

/** Collects JSON log lines and lets a test await the first line with a given message. */
export class LogSink {
  readonly lines: LogLine[] = [];
  readonly #waiters: Array<{ msg: string; resolve: (line: LogLine) => void }> = [];

  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const text of chunk.toString("utf8").split("\n")) {
        if (text !== "") this.#add(JSON.parse(text) as LogLine);
      }
      done();
    },
  });

  #add(line: LogLine): void {
    this.lines.push(line);
    for (const waiter of this.#waiters.filter((w) => w.msg === line.msg)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  }

  waitFor(msg: string, ms = 10_000): Promise<LogLine> {
    const seen = this.lines.find((line) => line.msg === msg);
    if (seen !== undefined) return Promise.resolve(seen);
    return withDeadline(
      new Promise<LogLine>((resolve) => this.#waiters.push({ msg, resolve })),
      ms,
      `log line "${msg}"`,
    );
  }
}
