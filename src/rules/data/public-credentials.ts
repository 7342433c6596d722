/**
 * Credentials that look real but are published by their vendor for local emulators, so finding them
 * in a pipeline is not a leak. Stored as SHA-256 hex digests of the value, never the value itself.
 *
 * - Azurite (Azure Storage emulator) default account key for `devstoreaccount1`, documented at
 *   https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key
 */
export const PUBLIC_CREDENTIAL_DIGESTS: ReadonlySet<string> = new Set(['0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059']);
