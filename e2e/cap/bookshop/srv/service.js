// Handlers of the interop service's operations. Int64 and Decimal values are passed through as
// CAP received them, so the test sees any precision the wire lost.
const cds = require('@sap/cds')

module.exports = class InteropService extends cds.ApplicationService {
  init() {
    const { Books, Orders, OrderItems } = this.entities

    this.on('bookCount', 'Authors', async req => {
      const [{ ID }] = req.params
      const rows = await SELECT.from(Books).where({ author_ID: ID })
      return rows.length
    })

    this.on('addItem', 'Orders', async req => {
      const [{ ID }] = req.params
      const items = await SELECT.from(OrderItems).where({ parent_ID: ID })
      const item = { parent_ID: ID, pos: items.length + 1, book_ID: req.data.book, quantity: req.data.quantity }
      await INSERT.into(OrderItems).entries(item)
      return SELECT.one.from(OrderItems).where({ parent_ID: ID, pos: item.pos })
    })

    this.on('echo', req => {
      const { customer, total, note } = req.data
      return { customer, total, note: note === undefined ? 'omitted' : note }
    })

    this.on('placeOrder', async req => {
      const { customer, total, note } = req.data
      const ID = cds.utils.uuid()
      await INSERT.into(Orders).entries({ ID, customer, total, note: note ?? null })
      return SELECT.one.from(Orders).where({ ID })
    })

    this.on('lowStock', async req => {
      const { below, genre } = req.data
      const where = genre == null ? { stock: { '<': below } } : { stock: { '<': below }, genre_code: genre }
      return SELECT.from(Books).where(where).orderBy('ID')
    })

    return super.init()
  }
}
