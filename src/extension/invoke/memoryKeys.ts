/**
 * Where the invoke memory keeps the target of each payload file (workspace state): a record from the file's URI to
 * its target. Its own module so the activation shell can tell a bound payload file without loading the features.
 */
export const TARGETS_KEY = 'lambdaStream.invoke.targetsByPayload';
