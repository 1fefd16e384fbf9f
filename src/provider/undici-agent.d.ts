// undici's Agent on its own (lib/dispatcher/agent.js exports the class as module.exports): the
// package index also loads fetch, WebSocket, cookies, caches and HTTP/2, ~100 ms of start-up
// (with the node:tls, node:http2 and node:zlib it requires) that the client never uses.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici'
  export default Agent
}
