// The examples start the API exactly as the SDK's own tests do.
export {
  randomPartnerKey,
  startServer,
  type TestServer,
} from '../../../sdk/test/support/server.js';
