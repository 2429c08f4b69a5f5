//! The generator's output for every fixture, compiled with warnings denied: `build.rs` runs
//! the `odata-codegen` library API over `fixtures/intune/*.xml`, `fixtures/edge/*.xml`,
//! `fixtures/lenient/*.xml`, the `fixtures/bad/*.xml` the reader accepts with warnings and
//! `fixtures/interop/*.xml`, one module per fixture (`intune_v1_0`, `edge_keywords`,
//! `lenient_name_with_dash`, `bad_key_property_nullable`, …).
//!
//! What a service does not allow does not compile. Each `compile_fail` example below has a
//! twin that compiles, so it fails for the reason it names and not for a typo.
//!
//! A navigation's `$filter` offers only what the target entity set allows: `products` refuses
//! `name` (`NonFilterableProperties`), so the products reached from a supplier do too.
//! ```
//! # use odata_codegen_suite::edge_capabilities::Client;
//! # fn f(client: Client) {
//! let _ = client.suppliers().get(1).products().list().filter(|f| f.category().eq("tools"));
//! # }
//! ```
//! ```compile_fail
//! # use odata_codegen_suite::edge_capabilities::Client;
//! # fn f(client: Client) {
//! let _ = client.suppliers().get(1).products().list().filter(|f| f.name().eq("x"));
//! # }
//! ```
//!
//! Filters take the shape each property's `FilterExpressionRestrictions` allows
//! (`fixtures/edge/filter-restrictions.xml`, one entity set per `AllowedExpressions` value),
//! and the filter of a restricted set is a conjunction. Each shape compiles on its own set:
//! ```
//! # use odata_codegen_suite::edge_filter_restrictions::Client;
//! # fn f(c: Client) {
//! // SingleValue: one `eq`.
//! let _ = c.single_values().list().filter(|f| f.code().eq("a") & f.id().gt(1));
//! // MultiValue: `eq` and `in` joined by `or`.
//! let _ = c.multi_values().list().filter(|f| f.code().eq("a") | f.code().eq("b"));
//! let _ = c.multi_values().list().filter(|f| f.code().in_(["a", "b"]));
//! // SingleRange: one interval, `and` with the other properties.
//! let _ = c.single_ranges().list().filter(|f| f.date_key().ge(1).lt(5) & f.id().eq(3));
//! // MultiRange: intervals joined by `or`, or `ne` joined by `and`.
//! let _ = c.multi_ranges().list().filter(|f| f.size().lt(1) | f.size().gt(5));
//! let _ = c.multi_ranges().list().filter(|f| f.size().ne(3) & f.size().ne(4));
//! // SearchExpression: `contains`, `startswith`, `endswith` joined by `or`.
//! let _ = c.searches().list().filter(|f| f.code().contains("x") | f.code().starts_with("y"));
//! // MultiRangeOrSearchExpression: both.
//! let _ = c.ranges_or_searches().list().filter(|f| f.code().lt("m") | f.code().ends_with("z"));
//! // Several kinds on one set; an unknown value leaves its property unrestricted.
//! let _ = c.mixed().list().filter(|f| f.date_key().le(9) & f.code().in_(["a"]) & (f.size().eq(1) | f.size().eq(2)));
//! // A set with `IndexableByKey` false is still listed; a set without the annotation is
//! // read by key.
//! let _ = (c.unindexed().list(), c.single_values().get(1));
//! # }
//! ```
//! What a shape does not allow does not compile: `or` on a `SingleValue` property,
//! ```compile_fail
//! # use odata_codegen_suite::edge_filter_restrictions::Client;
//! # fn f(c: Client) {
//! let _ = c.single_values().list().filter(|f| f.code().eq("a") | f.code().eq("b"));
//! # }
//! ```
//! `contains` on a range, a range on a search,
//! ```compile_fail
//! # use odata_codegen_suite::edge_filter_restrictions::Client;
//! # fn f(c: Client) {
//! let _ = c.single_ranges().list().filter(|f| f.date_key().contains("1"));
//! # }
//! ```
//! ```compile_fail
//! # use odata_codegen_suite::edge_filter_restrictions::Client;
//! # fn f(c: Client) {
//! let _ = c.searches().list().filter(|f| f.code().lt("m"));
//! # }
//! ```
//! nor key lookup on a set annotated `IndexableByKey` false:
//! ```compile_fail
//! # use odata_codegen_suite::edge_filter_restrictions::Client;
//! # fn f(c: Client) {
//! let _ = c.unindexed().get(1);
//! # }
//! ```
//!
//! **The Intune client** offers only what the warehouse accepts: `$filter` as ranges on
//! `dateKey` / `rowLastModifiedDateTimeUTC` joined by `and`, a date key compared with dates,
//! the custom option `MaxHistoryDays` on the sets keyed by `dateKey`, `$top` and `$skip` but
//! no `$count`, and lookup by key only where the key was read from the service's `$metadata`
//! (`fixtures/README.md`). These compile:
//! ```
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client, day: odata_runtime::time::Date) {
//! let _ = c.device_property_histories().list().filter(|f| f.date_key().ge(day).lt(20240201));
//! let _ = c.device_property_histories().list().filter(|f| f.date_key().eq(day));
//! let _ = c.devices().list().filter(|f| f.row_last_modified_date_time_utc().gt(day.midnight().assume_utc()));
//! let _ = c.device_property_histories().list().with(odata_codegen_suite::intune_v1_0::options::MaxHistoryDays(7));
//! let _ = c.devices().list().top(5).skip(5);
//! let _ = c.devices().get(42);
//! # }
//! ```
//! and these do not: `or`,
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client, day: odata_runtime::time::Date) {
//! let _ = c.device_property_histories().list().filter(|f| f.date_key().eq(day) | f.date_key().eq(20240201));
//! # }
//! ```
//! `ne`,
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client, day: odata_runtime::time::Date) {
//! let _ = c.device_property_histories().list().filter(|f| f.date_key().ne(day));
//! # }
//! ```
//! `not`,
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client, day: odata_runtime::time::Date) {
//! let _ = c.device_property_histories().list().filter(|f| f.date_key().eq(day).not());
//! # }
//! ```
//! `contains`,
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client) {
//! let _ = c.devices().list().filter(|f| f.row_last_modified_date_time_utc().contains("2024"));
//! # }
//! ```
//! a property the service does not filter on,
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client) {
//! let _ = c.devices().list().filter(|f| f.device_name().eq("x"));
//! # }
//! ```
//! `get()` on a set whose key is inferred (`IndexableByKey` false),
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client) {
//! let _ = c.device_property_histories().get(20240101, 42);
//! # }
//! ```
//! `$count`, which no set allows,
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client) {
//! let _ = c.devices().list().top(5).inline_count(true);
//! # }
//! ```
//! and `MaxHistoryDays` on a set not keyed by `dateKey`:
//! ```compile_fail
//! # use odata_codegen_suite::intune_v1_0::Client;
//! # fn f(c: Client) {
//! let _ = c.devices().list().with(odata_codegen_suite::intune_v1_0::options::MaxHistoryDays(7));
//! # }
//! ```
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
