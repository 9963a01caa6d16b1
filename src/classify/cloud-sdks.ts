/**
 * Cloud client SDKs: packages whose purpose is to call a cloud provider's services. They are SOUP like any
 * library but get `kind: cloud-sdk`, because their failure modes (network, credentials, service changes)
 * and their surveillance (provider deprecations) differ. Data, not code: extend the list, keep it sorted by
 * provider. Patterns: an exact name, or a scope/prefix ending in `*`.
 */
export const CLOUD_SDK_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  npm: [
    // Amazon Web Services
    'aws-sdk', '@aws-sdk/*', '@aws-crypto/*', '@smithy/*', 'aws-amplify', '@aws-amplify/*', 'amazon-cognito-identity-js',
    // Microsoft Azure
    '@azure/*', '@azure-rest/*', 'azure-storage', 'azure-iot-device', 'azure-iot-device-mqtt', 'azure-iot-common',
    // Google Cloud / Firebase
    '@google-cloud/*', 'googleapis', 'google-auth-library', 'gcp-metadata', 'firebase', '@firebase/*', 'firebase-admin',
    'firebase-functions',
    // Other clouds commonly found in device back ends
    'ibm-cos-sdk', 'oci-sdk', 'oci-common',
  ],
};

export function isCloudSdk(ecosystem: string, name: string): boolean {
  const patterns = CLOUD_SDK_PATTERNS[ecosystem];
  if (!patterns) return false;
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}
