// Custom CAP bootstrap for the e2e OData test server (loaded via .work/server.js).
// - binds the HTTP server to 127.0.0.1 only (cds would otherwise listen on all interfaces)
// - writes the OData service root URL to .work/url once the server listens (port 0 => random free port)
const cds = require('@sap/cds')
const http = require('node:http')
const fs = require('node:fs')
const path = require('node:path')

const HOST = '127.0.0.1'
const WORK = cds.root // start.sh runs the server with cwd = e2e/cap/.work

cds.on('bootstrap', app => {
  app.listen = function (port, ...rest) {
    return http.createServer(this).listen(port, HOST, ...rest)
  }
})

cds.on('listening', ({ server }) => {
  const { address, port } = server.address()
  const srvs = Object.values(cds.services).filter(s => s instanceof cds.ApplicationService || s.endpoints?.length)
  const srv = srvs.find(s => s.endpoints?.length && s.name !== 'db')
  const root = srv.endpoints.find(e => e.kind === 'odata' || e.kind === 'odata-v4') || srv.endpoints[0]
  const url = `http://${address}:${port}${root.path}`
  const tmp = path.join(WORK, 'url.tmp')
  fs.writeFileSync(tmp, url + '\n')
  fs.renameSync(tmp, path.join(WORK, 'url'))
  console.log('[e2e] OData service root:', url)
})

module.exports = cds.server
