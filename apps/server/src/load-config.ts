import { type Config, ConfigError, loadConfig } from "@pulse/config";

/** The configuration, or — when a variable is bad — its one-line explanation on stderr and exit code 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
