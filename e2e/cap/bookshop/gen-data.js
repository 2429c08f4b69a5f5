#!/usr/bin/env node
// Deterministic rows for the interop service (cwd = the work dir): CSV files in db/data/ and
// counts.json. Sizes are chosen against the page size (10) so that every collection the test
// pages through, top-level, by navigation and contained, spans several pages.
const fs = require('node:fs')

const csv = (name, header, rows) => {
  fs.mkdirSync('db/data', { recursive: true })
  const lines = [header.join(';'), ...rows.map(r => r.join(';'))]
  fs.writeFileSync(`db/data/interop-${name}.csv`, lines.join('\n') + '\n')
  return rows.length
}

const counts = {}
const genres = ['fantasy', 'history', 'poetry', 'science']
counts.Genres = csv('Genres', ['code', 'name'], genres.map(g => [g, g[0].toUpperCase() + g.slice(1)]))
counts.Authors = csv('Authors', ['ID', 'name', 'born'],
  Array.from({ length: 25 }, (_, i) => [i + 1, `Author ${i + 1}`, `19${String(40 + i).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 9}`]))
// Author 1 wrote 37 books (4 pages); the others one or two each. Book IDs start beyond 2^53.
const base = 9007199254740993n
const books = []
for (let i = 0; i < 80; i++) {
  const author = i < 37 ? 1 : 2 + (i % 24)
  books.push([(base + BigInt(i)).toString(), `Book ${i}`, i % 13, `${i}.0123456789`, author, genres[i % 4]])
}
counts.Books = csv('Books', ['ID', 'title', 'stock', 'price', 'author_ID', 'genre_code'], books)
counts.authorOneBooks = 37
// One order with 23 items (3 pages of contained navigation).
const order = '0f6c2d1e-6b0a-4c1e-9d8a-3a5b7c9e1f20'
counts.Orders = csv('Orders', ['ID', 'customer', 'total', 'note'], [[order, '9223372036854775807', '12345.6789', 'first']])
counts.OrderItems = csv('OrderItems', ['parent_ID', 'pos', 'book_ID', 'quantity'],
  Array.from({ length: 23 }, (_, i) => [order, i + 1, (base + BigInt(i)).toString(), i + 1]))
counts.order = order
counts.Shelves = csv('Shelves', ['room', 'level', 'label'],
  ['A', 'B', "C'D"].flatMap(room => [1, 2, 3].map(level => [room, level, `${room}-${level}`])))
counts.Shop = csv('Shop', ['ID', 'name', 'founded'], [[1, 'The Interop Bookshop', '1999-12-31']])
fs.writeFileSync('counts.json', JSON.stringify(counts, null, 2) + '\n')
console.log(`[gen-data] interop: ${Object.keys(counts).length} entries`)
