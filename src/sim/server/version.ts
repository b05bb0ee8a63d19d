// The version.Info the sim reports: kube-apiserver v1.28.0, the version the fixtures were recorded
// from, so clients apply the same compatibility rules they would against the real server.

export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

export const SIM_VERSION: VersionInfo = {
  major: "1",
  minor: "28",
  gitVersion: "v1.28.0",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2023-08-15T00:00:00Z",
  goVersion: "go1.20.7",
  compiler: "gc",
  platform: "linux/amd64",
};
