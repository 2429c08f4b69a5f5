//! The request types generated code builds: collections, single entities and operations.

mod collection;
mod entity;
mod operation;
pub mod surface;
mod typed;

pub use collection::CollectionRequest;
pub use entity::EntityRequest;
pub use operation::OperationRequest;
pub use typed::{Addressed, GetRequest, ListRequest, NoFilter, NoNavigation};

/// `(name, value)` pairs of system options followed by custom options, borrowed for
/// [`Client::url`](crate::Client).
fn all_pairs<'a>(
    system: &'a [(&'static str, String)],
    custom: &'a [(String, String)],
) -> Vec<(&'a str, String)> {
    system
        .iter()
        .map(|(n, v)| (*n, v.clone()))
        .chain(custom.iter().map(|(n, v)| (n.as_str(), v.clone())))
        .collect()
}

/// `{path}/{segment}`: a navigation property or a bound operation after an entity or
/// collection path.
fn append_segment(path: &str, segment: &str) -> String {
    let path = path.trim_end_matches('/');
    let mut out = String::with_capacity(path.len() + 1 + segment.len());
    out.push_str(path);
    out.push('/');
    out.push_str(segment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;

    fn client() -> Client {
        Client::builder("https://h/svc/")
            .query_param("api-version", "v1")
            .build()
            .unwrap()
    }

    #[test]
    fn navigation_and_bound_operation_paths() {
        let person: EntityRequest<serde_json::Value> =
            EntityRequest::new(client(), crate::key_path("people", &[("UserName", &"a b")]));
        let friend = person.navigate::<serde_json::Value>("BestFriend");
        assert_eq!(friend.path(), "people('a%20b')/BestFriend");
        let friends = person
            .navigate_collection::<serde_json::Value>("Friends")
            .top(2);
        assert_eq!(
            friends.url().unwrap().as_str(),
            "https://h/svc/people('a%20b')/Friends?api-version=v1&$top=2"
        );
        let one = friends.by_key(&[("UserName", &"c")]);
        assert_eq!(one.path(), "people('a%20b')/Friends('c')");
        let f = one
            .function::<serde_json::Value>("NS.GetFavoriteAirline")
            .param("x", &1);
        assert_eq!(
            f.url().unwrap().as_str(),
            "https://h/svc/people('a%20b')/Friends('c')/NS.GetFavoriteAirline(x=@x)?api-version=v1&@x=1"
        );
        let a = person.action::<()>("NS.ShareTrip");
        assert_eq!(
            a.url().unwrap().as_str(),
            "https://h/svc/people('a%20b')/NS.ShareTrip?api-version=v1"
        );
        let set: CollectionRequest<serde_json::Value> = CollectionRequest::new(client(), "people/");
        assert_eq!(
            set.function::<serde_json::Value>("NS.Top")
                .url()
                .unwrap()
                .as_str(),
            "https://h/svc/people/NS.Top()?api-version=v1"
        );
        assert_eq!(
            set.action::<()>("NS.Reset").url().unwrap().path(),
            "/svc/people/NS.Reset"
        );
    }

    #[test]
    fn json_function_parameters() {
        let f = OperationRequest::<serde_json::Value>::function(client(), "NS.Search")
            .param("q", &"a b")
            .json_param("filter", serde_json::json!({"tags": ["x&y"], "n": 1}))
            .json_param("ids", [1, 2]);
        assert_eq!(
            f.url().unwrap().as_str(),
            "https://h/svc/NS.Search(q=@q,filter=@filter,ids=@ids)?api-version=v1&@q=%27a%20b%27\
             &@filter=%7B%22n%22:1,%22tags%22:%5B%22x%26y%22%5D%7D&@ids=%5B1,2%5D"
        );
        let a = OperationRequest::<()>::action(client(), "NS.Do").json_param("x", 1);
        assert!(a.url().is_ok());
    }
}
