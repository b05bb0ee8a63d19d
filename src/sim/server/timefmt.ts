// Time formats of the API: metav1.Time is RFC 3339 with second precision.

export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
