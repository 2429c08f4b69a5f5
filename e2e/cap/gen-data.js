#!/usr/bin/env node
// Deterministic sample data for every entity set of the imported model.
// Usage (cwd = e2e/cap/.work, run by start.sh):  node ../gen-data.js
// Writes db/data/<Service>-<set>.csv for every entity set and counts.json ({ "<set>": rows, ... }).
// No randomness between runs: a fixed-seed PRNG (seeded per entity set by its name).
const fs = require('node:fs')
const path = require('node:path')
const cds = require('@sap/cds')

const { service, model } = JSON.parse(fs.readFileSync('service.json', 'utf8'))
const OUT = 'db/data'

// Row counts. The page size is 50 (cdsrc.json), so devices needs 11 pages (10 full + 37).
const COUNTS = {
  devices: 537,
  users: 211,
  devicePropertyHistories: 900, // 150 devices x 6 dateKeys
  userDeviceAssociations: 120,
  mamApplicationInstances: 64,
  mamCheckins: 96,
}
const DEFAULT_SINGLE_KEY = 7       // dimension sets
const DEFAULT_DATE_ONLY_KEY = 31   // sets keyed by dateKey only: one row per day of January 2024
const DEFAULT_COMPOSITE = 60       // fact sets with composite keys
const DATE_RADIX = 6               // composite keys: dateKey varies fastest over 20240101..20240106
const OTHER_RADIX = 3              // composite keys: middle key columns take values 1..3
const FK_RANGE = 5                 // non-key *Key/*ID integer columns take values 1..5

// Deliberately awkward strings, used for every 10th row (i % 10 === 3) of String columns.
const TRICKY = [
  "O'Brien's device & co / R&D",
  'Ünïcödé — 日本語 ✓ 😀',
  '50% off? #1 + 2 = 3; a,b',
  'say "hi" \\ back\\slash',
  '  padded  ',
  'line one\nline two',
  '', // empty string (not null)
]
// String key values (e.g. enrollmentActivities.osVersion) include a quote and a space.
const STRING_KEYS = ['10.0.19045', "17.0 'beta'", '14.1.2', '10.0.22631', '13', 'n/a']

function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
function seedOf(s) { let h = 2166136261; for (const c of s) h = Math.imul(h ^ c.codePointAt(0), 16777619); return h >>> 0 }

const pad = (n, w = 2) => String(n).padStart(w, '0')
function dateKeyOf(d) { // d = 0.. -> 20240101, 20240102, ... (real calendar days)
  const t = new Date(Date.UTC(2024, 0, 1 + d))
  return Number(`${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`)
}
function timestamp(ms, frac7) { // ISO 8601 with exactly 7 fractional digits
  const t = new Date(ms)
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(frac7, 7)}Z`
}
function uuid(rnd) {
  const h = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(rnd() * 4)]}${h.slice(17, 20)}-${h.slice(20)}`
}
const csvStr = s => '"' + String(s).replace(/"/g, '""') + '"'

const isFkName = n => /(Key|ID|Id)$/.test(n)
const isGuidName = n => /(Id|ID)$/.test(n) || /guid/i.test(n)

function keyValue(el, name, digit) {
  if (name === 'dateKey') return String(dateKeyOf(digit))
  switch (el.type) {
    case 'cds.String': return csvStr(STRING_KEYS[digit] ?? `key-${digit}`)
    case 'cds.Integer': case 'cds.Int32': case 'cds.Int16': case 'cds.UInt8': case 'cds.Integer64': case 'cds.Int64':
      return String(digit + 1)
    case 'cds.UUID': return csvStr(`00000000-0000-4000-8000-${pad(digit + 1, 12)}`)
    default: throw new Error(`unsupported key type ${el.type} for ${name}`)
  }
}

function value(el, name, i, col, rnd, set) {
  switch (el.type) {
    case 'cds.Boolean': return rnd() < 0.5 ? 'true' : 'false'
    case 'cds.Integer': case 'cds.Int32': case 'cds.Int16': case 'cds.UInt8': {
      if (name === 'dateKey') return String(dateKeyOf(i % 31))
      if (isFkName(name)) return String(1 + Math.floor(rnd() * FK_RANGE))
      if (i === 3 && el.type !== 'cds.UInt8') return el.type === 'cds.Int16' ? '32767' : '2147483647'
      if (i === 4 && el.type !== 'cds.UInt8') return '-1'
      return String(Math.floor(rnd() * 1000))
    }
    case 'cds.Integer64': case 'cds.Int64': {
      if (i === 0) return '9007199254740993'      // 2^53 + 1: not representable as an IEEE double
      if (i === 1) return '9223372036854775807'   // i64::MAX
      if (i === 2) return '0'
      return String(Math.floor(rnd() * 2 ** 40) + 1024)
    }
    case 'cds.Decimal': return i === 0 ? '1234567890123456.78' : (rnd() * 10000).toFixed(2)
    case 'cds.Double': return i === 0 ? '1e+300' : String(Math.round(rnd() * 1e6) / 64)
    case 'cds.Date': return `2024-01-${pad(1 + (i % 28))}`
    case 'cds.Time': return `${pad(i % 24)}:${pad(col % 60)}:00`
    case 'cds.UUID': return csvStr(uuid(rnd))
    case 'cds.Timestamp': case 'cds.DateTime': {
      if (/^endDate/i.test(name) && i % 4 === 0) return csvStr('9999-12-31T00:00:00.0000000Z')
      const base = Date.UTC(2024, 0, 1) + i * 3_723_000 + col * 61_000 // +1h02m03s per row
      return csvStr(timestamp(base, i === 0 ? 0 : (i * 1234567 + col) % 10_000_000))
    }
    case 'cds.String': case 'cds.LargeString': {
      if (i % 10 === 3) return csvStr(TRICKY[(i / 10 | 0) % TRICKY.length])
      if (isGuidName(name)) return csvStr(uuid(rnd))
      if (name === 'deviceName') return csvStr(`DESKTOP-${pad(i + 1, 5)}`)
      return csvStr(`${name}-${i + 1}`)
    }
    case 'cds.Binary': case 'cds.LargeBinary': return csvStr(Buffer.from(`${set}-${i}`).toString('base64'))
    default: throw new Error(`unsupported type ${el.type} for ${set}.${name}`)
  }
}

// the `dates` dimension: calendar columns that agree with the row's dateKey
function dateColumn(name, d) {
  const t = new Date(Date.UTC(2024, 0, 1 + d))
  const doy = Math.round((t - Date.UTC(t.getUTCFullYear(), 0, 1)) / 864e5) + 1
  const cols = {
    fullDate: csvStr(timestamp(t.getTime(), 0)),
    dayOfWeek: String(t.getUTCDay() + 1), dayOfMonth: String(t.getUTCDate()), dayOfYear: String(doy),
    weekOfYear: String(Math.ceil(doy / 7)), monthOfYear: String(t.getUTCMonth() + 1),
    calendarQuarter: String(Math.floor(t.getUTCMonth() / 3) + 1), calendarYear: String(t.getUTCFullYear()),
  }
  return cols[name]
}

async function main() {
  const csn = await cds.load(model)
  const m = cds.linked(csn)
  fs.rmSync(OUT, { recursive: true, force: true })
  fs.mkdirSync(OUT, { recursive: true })
  const counts = {}
  const sets = Object.values(m.definitions)
    .filter(d => d.kind === 'entity' && d.name.startsWith(service + '.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const e of sets) {
    const set = e.name.slice(service.length + 1)
    const els = Object.entries(e.elements).filter(([, el]) => !el.isAssociation && !el.virtual)
    const keys = els.filter(([, el]) => el.key).map(([n]) => n)
    const n = COUNTS[set] ?? (keys.length > 1 ? DEFAULT_COMPOSITE
      : keys[0] === 'dateKey' ? DEFAULT_DATE_ONLY_KEY : DEFAULT_SINGLE_KEY)
    // composite keys: a mixed-radix counter over the key columns. String keys vary fastest (every value of
    // STRING_KEYS appears), then dateKey (20240101..20240106), then the other keys in declared order (1..3);
    // the last of that order is unbounded. devicePropertyHistories: 6 dateKeys for each deviceKey 1..150.
    const strKey = k => e.elements[k].type === 'cds.String'
    const order = [...keys.filter(strKey), ...keys.filter(k => k === 'dateKey'), ...keys.filter(k => !strKey(k) && k !== 'dateKey')]
    const radix = order.map((k, j) => (j === order.length - 1 ? Infinity
      : strKey(k) ? STRING_KEYS.length : k === 'dateKey' ? DATE_RADIX : OTHER_RADIX))
    const rnd = mulberry32(seedOf(set))
    const lines = [els.map(([n]) => n).join(';')]
    for (let i = 0; i < n; i++) {
      let rest = i
      const digits = {}
      order.forEach((k, j) => {
        if (radix[j] === Infinity) digits[k] = rest
        else { digits[k] = rest % radix[j]; rest = Math.floor(rest / radix[j]) }
      })
      const row = els.map(([name, el], col) => {
        if (el.key) return keyValue(el, name, digits[name])
        let v = value(el, name, i, col, rnd, set)
        if (set === 'dates' && 'dateKey' in digits) v = dateColumn(name, digits.dateKey) ?? v
        // fact rows name the device after their deviceKey, as devices does (DESKTOP-00005 for deviceKey 5)
        if (name === 'deviceName' && 'deviceKey' in digits && i % 10 !== 3) v = csvStr(`DESKTOP-${pad(digits.deviceKey + 1, 5)}`)
        // nulls in nullable columns (~1 in 11 cells), never in the special rows 0..4
        if (!el.notNull && i > 4 && (i * 7 + col) % 11 === 0) return ''
        return v
      })
      lines.push(row.join(';'))
    }
    fs.writeFileSync(path.join(OUT, `${service}-${set}.csv`), lines.join('\n') + '\n')
    counts[set] = n
  }
  fs.writeFileSync('counts.json', JSON.stringify(counts, null, 2) + '\n')
  console.log(`[gen-data] ${sets.length} entity sets, ${Object.values(counts).reduce((a, b) => a + b, 0)} rows -> ${OUT}/`)
}

main().catch(e => { console.error(e); process.exit(1) })
