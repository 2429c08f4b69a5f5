// A small bookshop, written for the interop test: a model the generator's own fixtures do not
// resemble. Every key kind the runtime must address (Int32, Int64, UUID, String, composite),
// associations both ways, a composition served as contained navigation, a singleton, and
// Int64/Decimal values beyond what a JSON double carries.
namespace interop;

entity Authors {
  key ID    : Integer;
      name  : String(100);
      born  : Date;
      books : Association to many Books on books.author = $self;
}

entity Books {
  key ID     : Integer64;
      title  : String(200);
      stock  : Integer;
      price  : Decimal(28, 10);
      author : Association to Authors;
      genre  : Association to Genres;
}

entity Genres {
  key code  : String(20);
      name  : String(100);
      books : Association to many Books on books.genre = $self;
}

entity Orders {
  key ID       : UUID;
      customer : Integer64;
      total    : Decimal(28, 10);
      note     : String(200);
      items    : Composition of many OrderItems on items.parent = $self;
}

entity OrderItems {
  key parent   : Association to Orders;
  key pos      : Integer;
      book     : Association to Books;
      quantity : Integer;
}

entity Shelves {
  key room  : String(10);
  key level : Integer;
      label : String(50);
}

entity Shop {
  key ID      : Integer;
      name    : String(100);
      founded : Date;
}
