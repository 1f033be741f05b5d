// A CommonJS consumer: compiled to require("@pulse/client"), it must load the CommonJS build.
import pulse = require("@pulse/client");

console.log(JSON.stringify({ sessionEnded: pulse.CloseCode.SESSION_ENDED, delay: pulse.reconnectDelay(0) > 0 }));
