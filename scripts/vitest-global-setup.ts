/** Global test setup: nothing shared yet; suites that need DynamoDB Local start it themselves. */
export default function setup(): void {}
