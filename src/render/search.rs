//! What a product gives the search index for each page it publishes besides
//! the microsite's own pages (`site::search` makes the entries). It names
//! nothing else, so every product can use it without importing the model.

/// What a product gives the search index for one of its pages (the site
/// makes the entry: its address, escaping and JSON).
pub(crate) struct Searchable<'a> {
    pub(crate) title: &'a str,
    /// Root-relative site path.
    pub(crate) path: &'a str,
    /// What it is ("role", "paper"), shown beside the result.
    pub(crate) kind: &'static str,
    pub(crate) summary: Option<&'a str>,
    /// Its text, as much of it as the product indexes.
    pub(crate) text: &'a str,
}
