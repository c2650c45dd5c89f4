// A plain aedes broker for mqttcheck: in-memory, anonymous, on 127.0.0.1:PORT.
// Usage: node server.js PORT
// aedes 0.51 is pinned (not 1.x) because 1.x needs Node 20 and Debian 12 ships Node 18.
'use strict'
const net = require('net')
const aedes = require('aedes')()

const port = Number(process.argv[2])
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node server.js PORT')
  process.exit(2)
}

const server = net.createServer(aedes.handle)
server.on('error', (err) => {
  console.error(`aedes: cannot listen on 127.0.0.1:${port}: ${err.message}`)
  process.exit(1)
})
// A malformed packet from a test is the client's error, not the broker's: log it, keep serving.
aedes.on('clientError', (client, err) => {
  console.error(`client ${client && client.id}: ${err.message}`)
})
server.listen(port, '127.0.0.1', () => {
  console.log(`aedes ${aedes.version || ''} listening on 127.0.0.1:${port}`)
})

function stop () {
  server.close()
  aedes.close(() => process.exit(0))
  // close() waits for clients; do not let a stuck one keep the broker alive.
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
