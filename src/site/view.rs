//! What the microsite's own templates see beyond the shared page views: the
//! home page's sections and organisations, and taxonomy headings.

use super::*;

#[derive(Serialize)]
pub(super) struct HomeView<'a> {
    pub(super) title: &'a str,
    pub(super) content: &'a str,
    pub(super) description: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SectionLink<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) description: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct OrgRefView<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
    pub(super) short_name: Option<&'a str>,
    pub(super) url: &'a str,
    pub(super) colour: Option<&'a str>,
    pub(super) logo: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct TaxonomyHead<'a> {
    pub(super) name: &'a str,
    pub(super) title: &'a str,
    pub(super) url: &'a str,
}
