// Leak measurement for start/stop tests: a count of the process's active handles and requests by
// type (sockets, timers, ...), and which types grew since a baseline. Counts are process-wide, so a
// test compares against a baseline it took itself, after the rig is up and quiet.

/** Active resources of this process by type, from process.getActiveResourcesInfo(). */
export function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Every resource type with more active now than in `before`, as "Type was → now". */
export function grownResources(before: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [type, count] of resourceCounts()) {
    const was = before.get(type) ?? 0;
    if (count > was) out.push(`${type} ${was} → ${count}`);
  }
  return out;
}
