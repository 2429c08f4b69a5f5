using interop from '../db/schema';

service InteropService {
  entity Authors    as projection on interop.Authors actions {
    /// The number of books the author wrote.
    function bookCount() returns Integer;
  };
  entity Books      as projection on interop.Books;
  entity Genres     as projection on interop.Genres;
  entity Orders     as projection on interop.Orders actions {
    /// Adds an item to the order and returns it.
    action addItem(book : Integer64, quantity : Integer) returns OrderItems;
  };
  entity OrderItems as projection on interop.OrderItems;
  entity Shelves    as projection on interop.Shelves;
  @odata.singleton
  entity Shop       as projection on interop.Shop;

  type Amounts {
    customer : Integer64;
    total    : Decimal(28, 10);
    note     : String;
  }

  /// Echoes its parameters as the server read them (Int64 and Decimal exactly, or not).
  action echo(customer : Integer64, total : Decimal(28, 10),
              @Core.OptionalParameter: {DefaultValue: 'none'} note : String) returns Amounts;
  /// Places an order and returns it as stored.
  action placeOrder(customer : Integer64, total : Decimal(28, 10),
                    @Core.OptionalParameter: {DefaultValue: ''} note : String) returns Orders;
  /// Books whose stock is below `below`, optionally of one genre.
  function lowStock(below : Integer,
                    @Core.OptionalParameter: {DefaultValue: null} genre : String) returns many Books;
}
