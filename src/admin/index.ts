// Public surface of the admin server: the factory and the registration types other modules use.

export type { ReadinessCheck, ReadinessResult } from "./readiness.js";
export type { AdminServer, AdminServerOptions, BoundAddress } from "./server.js";
export { buildAdminServer } from "./server.js";
export type { StatusProvider } from "./status.js";
