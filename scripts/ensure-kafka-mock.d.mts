// Types of ensure-kafka-mock.mjs for the TypeScript tests that import it (test/kafka/mock-broker.ts).
/** Path of the built mock-cluster binary. */
export declare const MOCK_BIN: string;
/** Builds the binary when missing or older than its source; its path, or undefined when it cannot be built. */
export declare function ensureKafkaMock(): string | undefined;
