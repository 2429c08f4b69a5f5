#!/usr/bin/env node
// Post-processes the `cds import` output in the work dir and writes the work dir's cds config.
// Usage (cwd = e2e/cap/.work, run by start.sh):  node ../prepare.js srv/external/model.cds
//
// What it changes in the imported model, and why:
//  * `cds import` maps Edm.DateTimeOffset to CDS `DateTime` plus `@odata.Precision: 0` (the CSDL default
//    precision when the EDMX has none). CAP then truncates every value to whole seconds. The real service
//    sends fractional seconds, so DateTimeOffset elements become `Timestamp` and the Precision annotation
//    is dropped: $metadata then shows `Type="Edm.DateTimeOffset"` (no Precision) and values keep fractions
//    (CAP on SQLite serves milliseconds: "2024-01-01T10:11:12.123Z").
// Nothing else is changed: entity set names, property names, key order and types are as imported.
const fs = require('node:fs')
const path = require('node:path')
const cds = require('@sap/cds')

const MODEL = process.argv[2] || 'srv/external/model.cds'
const HERE = __dirname

async function main() {
  let src = fs.readFileSync(MODEL, 'utf8')
  const before = (src.match(/: DateTime;/g) || []).length
  src = src.replace(
    /(?:\n[ \t]*@odata\.Precision : 0)?(\n[ \t]*@odata\.Type : 'Edm\.DateTimeOffset'(?:\n[ \t]*@odata\.Precision : 0)?\n[ \t]*\w+ : )DateTime;/g,
    (_, head) => head.replace(/\n[ \t]*@odata\.Precision : 0/g, '') + 'Timestamp;'
  )
  const after = (src.match(/: DateTime;/g) || []).length
  fs.writeFileSync(MODEL, src)

  const csn = await cds.load(MODEL)
  const services = Object.entries(csn.definitions).filter(([, d]) => d.kind === 'service').map(([n]) => n)
  if (services.length !== 1) throw new Error(`expected exactly one service in ${MODEL}, found: ${services}`)
  const service = services[0]

  const base = JSON.parse(fs.readFileSync(path.join(HERE, 'cdsrc.json'), 'utf8'))
  base.requires = { ...base.requires, [service]: { kind: 'odata', model: MODEL.replace(/\.cds$/, '') } }
  const pkg = { name: 'intune-dw-e2e-mock', private: true, cds: base }
  fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n')
  fs.writeFileSync('server.js', "module.exports = require('../server.js')\n")
  fs.writeFileSync('service.json', JSON.stringify({ service, model: MODEL }, null, 2) + '\n')
  console.log(`[prepare] service ${service}; DateTime->Timestamp: ${before - after} elements (${after} DateTime left)`)
}

main().catch(e => { console.error(e); process.exit(1) })
