export { type Config, ConfigError, type ConfigInput, configSchema, loadConfig, parseConfig } from "./config";
export { loadTestEnv, type TestEnv } from "./test-env";
