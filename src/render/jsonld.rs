//! schema.org `JobPosting` structured data for open vacancies, as JSON-LD
//! that is safe to place inside `<script type="application/ld+json">`.

use serde_json::{Value, json};

use crate::config::SiteConfig;
use crate::render::view::RoleView;

/// JSON-LD for an open role. `<`, `>` and `&` are written as `\u003c`,
/// `\u003e` and `\u0026` (and U+2028/U+2029 escaped), so no value can close
/// the script element or start a comment in it; JSON parsers read the same
/// text back.
pub fn job_posting(role: &RoleView, config: &SiteConfig) -> String {
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": description(role),
        "identifier": {
            "@type": "PropertyValue",
            "name": role.host.as_ref().map_or(config.title.as_str(), |h| h.name.as_str()),
            "value": role.reference,
        },
        "datePosted": role.posted.to_string(),
        "validThrough": match &role.closing_time {
            Some(t) => format!("{}T{t}:00", role.closing_date),
            None => format!("{}T23:59:59", role.closing_date),
        },
        "url": role.permalink,
    });
    let obj = posting.as_object_mut().expect("object");
    if let Some(types) = employment_types(role) {
        obj.insert("employmentType".into(), types);
    }
    if let Some(host) = &role.host {
        let mut org = json!({ "@type": "Organization", "name": host.name });
        if let Some(site) = &host.website {
            org["sameAs"] = json!(site);
        }
        if let Some(logo) = &host.logo_file {
            org["logo"] = json!(config.permalink(logo));
        }
        obj.insert("hiringOrganization".into(), org);
    }
    if let Some(loc) = &role.location {
        let mut address = json!({ "@type": "PostalAddress", "addressLocality": loc.locality, "addressCountry": "GB" });
        if let Some(r) = &loc.region {
            address["addressRegion"] = json!(r);
        }
        if let Some(p) = &loc.postcode {
            address["postalCode"] = json!(p);
        }
        obj.insert(
            "jobLocation".into(),
            json!({ "@type": "Place", "address": address }),
        );
    }
    if let Some(s) = &role.salary {
        let unit = match s.period {
            "month" => "MONTH",
            "week" => "WEEK",
            "day" => "DAY",
            "hour" => "HOUR",
            _ => "YEAR",
        };
        obj.insert(
            "baseSalary".into(),
            json!({
                "@type": "MonetaryAmount",
                "currency": s.currency,
                "value": { "@type": "QuantitativeValue", "minValue": s.min, "maxValue": s.max, "unitText": unit },
            }),
        );
    }
    if let Some(contact) = role.contacts.first() {
        let mut point = json!({ "@type": "ContactPoint", "contactType": contact.role });
        if let Some(e) = &contact.email {
            point["email"] = json!(e);
        }
        if let Some(p) = &contact.phone {
            point["telephone"] = json!(p);
        }
        obj.insert("applicationContact".into(), point);
    }
    script_safe(&posting)
}

/// The description search engines show: the summary and the role text, as
/// HTML (schema.org allows it), already escaped by the Markdown renderer.
fn description(role: &RoleView) -> String {
    let mut d = format!("<p>{}</p>", crate::markdown::escape_attr(&role.summary));
    if let Some(about) = &role.about_role_html {
        d.push_str(about);
    }
    if !role.responsibilities.is_empty() {
        d.push_str("<ul>");
        for r in &role.responsibilities {
            d.push_str("<li>");
            d.push_str(
                r.html
                    .trim()
                    .trim_start_matches("<p>")
                    .trim_end_matches("</p>"),
            );
            d.push_str("</li>");
        }
        d.push_str("</ul>");
    }
    d
}

/// schema.org employment types from the free-text contract and hours.
fn employment_types(role: &RoleView) -> Option<Value> {
    let text = format!(
        "{} {}",
        role.contract.as_deref().unwrap_or(""),
        role.hours.as_deref().unwrap_or("")
    )
    .to_lowercase();
    let mut types = Vec::new();
    if text.contains("part-time") || text.contains("part time") {
        types.push("PART_TIME");
    } else if text.contains("full-time") || text.contains("full time") || text.contains("permanent")
    {
        types.push("FULL_TIME");
    }
    if text.contains("fixed") || text.contains("temporary") || text.contains("secondment") {
        types.push("TEMPORARY");
    }
    if text.contains("interim") || text.contains("contractor") {
        types.push("CONTRACTOR");
    }
    (!types.is_empty()).then(|| json!(types))
}

/// Serialise JSON so that it cannot end a `<script>` element.
pub fn script_safe(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("JSON values serialise");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_element() {
        let v = json!({ "t": "</script><script>alert(1)</script> & <!--" });
        let s = script_safe(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
