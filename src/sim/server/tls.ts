// Self-signed serving material for the sim: a throwaway CA and a server certificate for 127.0.0.1 and
// localhost, so clients can verify the server through a kubeconfig's certificate-authority-data.
// Keys come from node's crypto (fast, native); node-forge builds and signs the X.509 certificates.
// Nothing here is meant to be secure beyond a test run: keys live in memory and certificates last a day.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";

export interface ServingCertificates {
  /** PEM of the CA that signed the server certificate (what a kubeconfig embeds). */
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** forge only reads PKCS#1 private keys from PEM; convert via its ASN.1 reader. */
function forgePrivateKey(pkcs8Pem: string): forge.pki.rsa.PrivateKey {
  const asn1 = forge.asn1.fromDer(forge.pem.decode(pkcs8Pem)[0]?.body ?? "");
  return forge.pki.privateKeyFromAsn1(asn1) as forge.pki.rsa.PrivateKey;
}

function serialNumber(): string {
  // A positive serial: clear the top bit so the DER integer is not read as negative.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

function baseCertificate(publicKeyPem: string, nowMs: number, commonName: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(nowMs - 60_000);
  cert.validity.notAfter = new Date(nowMs + ONE_DAY_MS);
  cert.setSubject([{ name: "commonName", value: commonName }]);
  return cert;
}

/** Generates a CA and a server certificate valid for the given host names and IP addresses. */
export function generateServingCertificates(
  hosts: readonly string[] = ["127.0.0.1", "localhost"],
  nowMs: number = Date.now(),
): ServingCertificates {
  const caKeys = rsaKeyPair();
  const caKey = forgePrivateKey(caKeys.privateKeyPem);
  const ca = baseCertificate(caKeys.publicKeyPem, nowMs, "svcmirror-sim-ca");
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const server = baseCertificate(serverKeys.publicKeyPem, nowMs, "svcmirror-sim");
  server.setIssuer(ca.subject.attributes);
  const altNames = hosts.map((host) =>
    /^[0-9.]+$/.test(host) || host.includes(":") ? { type: 7, ip: host } : { type: 2, value: host },
  );
  server.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames },
  ]);
  server.sign(caKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(server),
    keyPem: serverKeys.privateKeyPem,
  };
}
