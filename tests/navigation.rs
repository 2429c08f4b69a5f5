//! The generated request surface beyond entity sets, run without a server: navigation
//! (single, collection, contained, from singletons), typed `$expand`, bound operations with
//! their namespace-qualified segments, type casts, polymorphic decoding by `@odata.type`,
//! `$search`, custom query options and the client builder that presets `api-version`. URLs come from the runtime
//! requests (`into_inner().url()`), exactly as they would be sent.

use odata_codegen_suite::{
    edge_capabilities, edge_containment, edge_inheritance, edge_operations, edge_singletons,
    intune_v1_0,
};
use odata_runtime::{Page, url::Url};

fn runtime() -> odata_runtime::Client {
    odata_runtime::Client::builder("https://h/svc")
        .build()
        .unwrap()
}

/// The URL without the service root, percent-decoded for reading.
fn rel(url: Url) -> String {
    percent_decode(url.as_str().trim_start_matches("https://h/svc/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn contained_and_single_navigation_paths() {
    let client = edge_containment::Client::new(runtime());
    let customer = client.customers().get(1);
    assert_eq!(customer.path(), "customers(1)");
    let order = customer.orders().get(5);
    assert_eq!(order.path(), "customers(1)/orders(5)");
    let item = order.items().get(5, 2);
    assert_eq!(
        item.path(),
        "customers(1)/orders(5)/items(orderId=5,line=2)"
    );
    assert_eq!(
        item.product().path(),
        "customers(1)/orders(5)/items(orderId=5,line=2)/product"
    );
    assert_eq!(
        item.order().customer().path(),
        "customers(1)/orders(5)/items(orderId=5,line=2)/order/customer"
    );
    assert_eq!(customer.preferences().path(), "customers(1)/preferences");
    let list = customer
        .orders()
        .list()
        .select([edge_containment::models::OrderField::PlacedAt])
        .filter(|f| f.customer_id().eq(1))
        .order_by(edge_containment::models::OrderField::PlacedAt, true)
        .top(3)
        .expand([edge_containment::models::OrderNav::Items]);
    assert_eq!(
        rel(list.into_inner().url().unwrap()),
        // The key is always selected: servers such as ASP.NET OData return only what was
        // selected, and the entity does not decode without it.
        "customers(1)/orders?$select=placedAt,id&$filter=customerId eq 1&$expand=items&$orderby=placedAt desc&$top=3"
    );
}

#[test]
fn navigation_from_singletons_and_nested_expand() {
    let client = edge_singletons::Client::new(runtime());
    let me = client.me().get();
    assert_eq!(me.manager().path(), "me/manager");
    assert_eq!(
        me.manager()
            .direct_reports()
            .get(uuid_nil())
            .department()
            .path(),
        "me/manager/directReports(00000000-0000-0000-0000-000000000000)/department"
    );
    assert_eq!(
        client.company().get().announcements().get(7).path(),
        "company/announcements(7)"
    );
    use edge_singletons::models::{UserField, UserNav};
    let get = client
        .me()
        .get()
        .expand([UserNav::Manager])
        .expand_with(UserNav::DirectReports, |e| {
            e.select([UserField::DisplayName.as_str()]).top(5)
        });
    assert_eq!(
        rel(get.into_inner().url().unwrap()),
        "me?$expand=manager,directReports($select=displayName;$top=5)"
    );
}

fn uuid_nil() -> odata_runtime::uuid::Uuid {
    odata_runtime::uuid::Uuid::nil()
}

#[test]
fn bound_operations_use_qualified_segments() {
    use edge_operations::models::{Currency, Filter};
    let client = edge_operations::Client::new(runtime());
    let product = client.products().get(1);
    assert_eq!(
        rel(product.get_price(Currency::Eur).url().unwrap()),
        "products(1)/Edge.Ops.GetPrice(currency=@currency)?@currency=Edge.Ops.Currency'EUR'"
    );
    // Overloads bound to the same type: by parameter set.
    assert_eq!(
        rel(product.related().url().unwrap()),
        "products(1)/Edge.Ops.Related()"
    );
    assert_eq!(
        rel(product.related_2(2).url().unwrap()),
        "products(1)/Edge.Ops.Related(depth=@depth)?@depth=2"
    );
    // The same name bound to another type, reached by navigation.
    assert_eq!(
        rel(product.category().related().url().unwrap()),
        "products(1)/category/Edge.Ops.Related()"
    );
    // Actions are POSTed to the path; their parameters travel in the body.
    assert_eq!(
        rel(product.discount(10.0).url().unwrap()),
        "products(1)/Edge.Ops.Discount"
    );
    assert_eq!(
        rel(product.category().rename("x".into()).url().unwrap()),
        "products(1)/category/Edge.Ops.Rename"
    );
    // A collection result may be read as a page, keeping its next link.
    let _page: std::pin::Pin<Box<dyn std::future::Future<Output = _>>> =
        Box::pin(product.related().send_page());
    // Bound to the collection: on the set's handle.
    assert_eq!(
        rel(client.products().top_sellers(5).url().unwrap()),
        "products/Edge.Ops.TopSellers(count=@count)?@count=5"
    );
    assert_eq!(
        rel(client.products().discount(5.0).url().unwrap()),
        "products/Edge.Ops.Discount"
    );
    // Complex and collection function parameters travel as JSON in their alias.
    let filter: Filter =
        serde_json::from_value(serde_json::json!({"text": "a", "tags": []})).unwrap();
    assert_eq!(
        rel(client.find_products_2("q", filter).url().unwrap()),
        r#"FindProducts(query=@query,filter=@filter)?@query='q'&@filter={"text":"a","tags":[]}"#
    );
    assert_eq!(
        rel(client.price_list(vec![Currency::Usd]).url().unwrap()),
        r#"PriceList(currencies=@currencies)?@currencies=["USD"]"#
    );
}

#[test]
fn polymorphic_sets_decode_by_odata_type() {
    use edge_inheritance::models::{PartyAny, PersonAny};
    let body = serde_json::json!({
        "@odata.context": "https://h/svc/$metadata#parties",
        "value": [
            {"id": "p0", "createdAt": "2024-01-01T00:00:00Z", "tags": []},
            {"@odata.type": "#Edge.Inheritance.Person", "id": "p1", "givenName": "Ann"},
            {"@odata.type": "#Inh.Employee", "id": "p2", "employeeNumber": 7,
             "reports": [{"id": "p1"}, {"@odata.type": "#Edge.Inheritance.Employee", "id": "p3"}]},
            {"@odata.type": "#Edge.Inheritance.Organization", "id": "o1", "legalName": "Org",
             "members": [{"@odata.type": "#Edge.Inheritance.Person", "id": "p1"}]},
            {"@odata.type": "#Edge.Inheritance.Robot", "id": "r1", "displayName": "R2"}
        ]
    });
    let url = Url::parse("https://h/svc/parties").unwrap();
    let page: Page<PartyAny> =
        Page::decode(&url, serde_json::to_vec(&body).unwrap().as_slice()).unwrap();
    let names: Vec<&str> = page.items.iter().map(PartyAny::type_name).collect();
    assert_eq!(
        names,
        [
            "Edge.Inheritance.Party",
            "Edge.Inheritance.Person",
            "Edge.Inheritance.Employee",
            "Edge.Inheritance.Organization",
            // A type this client does not know: decoded as the set's type.
            "Edge.Inheritance.Party",
        ]
    );
    let PartyAny::Person(person) = &page.items[1] else {
        panic!("{:?}", page.items[1])
    };
    assert_eq!(person.given_name.as_deref(), Some("Ann"));
    // Serialized as the member's own type, with no wrapper around it (the models derive
    // `Serialize` under the suite's `serialize` feature: CI runs this test with it too).
    #[cfg(feature = "serialize")]
    {
        let json = serde_json::to_value(&page.items[1]).unwrap();
        assert_eq!(json, serde_json::to_value(&**person).unwrap());
        assert_eq!(json["givenName"], "Ann");
    }
    let PartyAny::Employee(employee) = &page.items[2] else {
        panic!("{:?}", page.items[2])
    };
    assert_eq!(employee.employee_number, Some(7));
    // An expanded collection of a type with derived types is polymorphic too.
    let reports = employee.reports.as_ref().unwrap();
    assert!(matches!(reports[0], PersonAny::Person(_)));
    assert!(matches!(&reports[1], PersonAny::Employee(e) if e.id == "p3"));
    let PartyAny::Organization(org) = &page.items[3] else {
        panic!("{:?}", page.items[3])
    };
    assert!(matches!(&org.members.as_ref().unwrap()[0], PartyAny::Person(p) if p.id == "p1"));
    let PartyAny::Party(robot) = &page.items[4] else {
        panic!("{:?}", page.items[4])
    };
    assert_eq!(robot.display_name.as_deref(), Some("R2"));
    // A member that fails to decode is reported with the outer deserializer's error.
    let bad = br##"{"value":[{"@odata.type":"#Edge.Inheritance.Person","id":5}]}"##;
    assert!(Page::<PartyAny>::decode(&url, bad).is_err());

    // Sets and navigations of such types use the enum; a set of a leaf type the struct.
    let client = edge_inheritance::Client::new(runtime());
    let _: odata_runtime::CollectionRequest<PartyAny> = client.parties().list().into_inner();
    let _: odata_runtime::CollectionRequest<PersonAny> =
        client.employees().get("e").reports().list().into_inner();
    let _: odata_runtime::EntityRequest<edge_inheritance::models::Employee> =
        client.people().get("p").manager().into_inner();
    assert_eq!(
        client.people().get("p").manager().reports().get("q").path(),
        "people('p')/manager/reports('q')"
    );
    // Type casts to derived types: a segment with the qualified name, typed as the derived
    // type's requests.
    let _: odata_runtime::EntityRequest<edge_inheritance::models::Employee> =
        client.parties().get("p").as_employee().into_inner();
    assert_eq!(
        client.parties().get("p").as_person().manager().path(),
        "parties('p')/Edge.Inheritance.Person/manager"
    );
    assert_eq!(
        rel(client
            .parties()
            .as_person()
            .list()
            .into_inner()
            .url()
            .unwrap()),
        "parties/Edge.Inheritance.Person"
    );
    let employees = client.people().get("p").manager().reports().as_employee();
    assert_eq!(
        rel(employees.list().top(2).into_inner().url().unwrap()),
        "people('p')/manager/reports/Edge.Inheritance.Employee?$top=2"
    );
    assert_eq!(
        employees.get("e").reports().path(),
        "people('p')/manager/reports/Edge.Inheritance.Employee('e')/reports"
    );
}

#[test]
fn polymorphic_complex_values_decode_by_odata_type() {
    use edge_inheritance::models::{AddressAny, Party};
    let party: Party = serde_json::from_value(serde_json::json!({
        "id": "p1", "createdAt": "2024-01-01T00:00:00Z", "tags": [],
        "address": {"@odata.type": "#Inh.GeoAddress", "country": "NL", "city": "Delft", "floor": 3},
        "previousAddresses": [
            {"country": "DE"},
            {"@odata.type": "#Edge.Inheritance.PostalAddress", "country": "FR", "city": "Paris"},
            {"@odata.type": "#Other.Address", "country": "BE"}
        ]
    }))
    .unwrap();
    // The derived type's own members survive, open members included.
    let Some(AddressAny::GeoAddress(geo)) = &party.address else {
        panic!("{:?}", party.address)
    };
    assert_eq!(
        (geo.country.as_str(), geo.city.as_deref()),
        ("NL", Some("Delft"))
    );
    assert_eq!(geo.additional_properties["floor"], 3);
    let previous: Vec<&str> = party
        .previous_addresses
        .iter()
        .flatten()
        .map(AddressAny::type_name)
        .collect();
    assert_eq!(
        previous,
        [
            "Edge.Inheritance.Address",
            "Edge.Inheritance.PostalAddress",
            // A type this client does not know: decoded as the declared type.
            "Edge.Inheritance.Address",
        ]
    );
    let Some(AddressAny::PostalAddress(postal)) = party.previous_addresses.as_ref().map(|v| &v[1])
    else {
        panic!("{:?}", party.previous_addresses)
    };
    assert_eq!(postal.city.as_deref(), Some("Paris"));
}

#[test]
fn expansion_one_level_deep_where_max_levels_is_1() {
    use edge_capabilities::products::ExpandField;
    let client = edge_capabilities::Client::new(runtime());
    // `products` allows one level: nested options, on a builder that cannot nest.
    let list = client
        .products()
        .list()
        .expand_with(ExpandField::Supplier, |e| e.select(["name"]).top(1));
    assert_eq!(
        rel(list.into_inner().url().unwrap()),
        "products?$expand=supplier($select=name;$top=1)"
    );
}

#[test]
fn search_where_the_set_allows_it() {
    let client = edge_containment::Client::new(runtime());
    let list = client.customers().list().search("blue OR green").top(3);
    assert_eq!(
        rel(list.into_inner().url().unwrap()),
        "customers?$top=3&$search=blue OR green"
    );
    // A list reached by navigation offers it too.
    let orders = client.customers().get(1).orders().list().search("late");
    assert_eq!(
        rel(orders.into_inner().url().unwrap()),
        "customers(1)/orders?$search=late"
    );
}

/// A set that lists its `FilterFunctions`: a filter using another operator or function
/// builds, and the request fails before anything is sent, saying which.
#[test]
fn filter_functions_refuse_other_operators_before_sending() {
    let client = odata_codegen_suite::edge_filter_restrictions::Client::builder("https://h/svc")
        .bearer_token("t")
        .build()
        .unwrap();
    let listed = client
        .listed_functions()
        .list()
        .filter(|f| f.id().lt(5) & f.code().starts_with("a"));
    assert_eq!(
        rel(listed.into_inner().url().unwrap()),
        "listedFunctions?$filter=id lt 5 and startswith(code,'a')"
    );
    for (refused, word) in [
        (
            client
                .listed_functions()
                .list()
                .filter(|f| f.id().eq(1) | f.id().eq(2)),
            "or",
        ),
        (
            client.listed_functions().list().filter(|f| f.id().ge(1)),
            "ge",
        ),
        (
            client
                .listed_functions()
                .list()
                .filter(|f| f.code().contains("x")),
            "contains",
        ),
    ] {
        let err = refused.into_inner().url().unwrap_err().to_string();
        assert!(err.contains(&format!("uses {word},")), "{err}");
    }
    // Sets that list nothing take any operator.
    let free = client
        .single_values()
        .list()
        .filter(|f| f.id().ge(1) | f.id().lt(0));
    assert!(free.into_inner().url().is_ok());
}

#[test]
fn custom_query_options_and_the_preset_api_version() {
    // `Client::builder` builds the typed client, with the `api-version` preset.
    let client: intune_v1_0::Client = intune_v1_0::Client::builder("https://h/svc")
        .build()
        .unwrap();
    assert_eq!(
        client.runtime().default_query(),
        [("api-version".to_owned(), "v1.0".to_owned())]
    );
    // Without an `api-version`, too; the module re-exports what users name.
    let plain: edge_operations::Client = edge_operations::Client::builder("https://h/svc")
        .bearer_token("t")
        .build()
        .unwrap();
    assert!(plain.runtime().default_query().is_empty());
    let _: fn(edge_operations::Error) -> odata_runtime::Error = |e| e;
    let _: Option<edge_operations::Page<u8>> = None::<edge_operations::runtime::Page<u8>>;
    let _ = edge_operations::ClientCredentials::new("tenant", "app", "secret");
    // `maxhistorydays` is declared on the sets keyed by `dateKey` only (their
    // `ReadRestrictions/CustomQueryOptions`), its type named by its `Core.SymbolicName`.
    let list = client
        .device_property_histories()
        .list()
        .top(5)
        .with(intune_v1_0::options::MaxHistoryDays(7))
        .filter(|f| {
            let day = odata_runtime::time::Date::from_ordinal_date(2024, 31).unwrap();
            f.date_key().ge(day)
        });
    assert_eq!(
        rel(list.into_inner().url().unwrap()),
        "devicePropertyHistories?api-version=v1.0&$filter=dateKey ge 20240131&$top=5&maxhistorydays=7"
    );
}
