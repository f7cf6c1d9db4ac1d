//! Finding shortcodes in Markdown source.
//!
//! Two forms, as Zola users know them: inline `{{ name(arg="v") }}` and with a
//! body `{% name(arg="v") %}body{% end %}`. They are found in the *source*
//! before Markdown parsing, skipping code spans and code blocks (whose ranges
//! the caller gets from a first pulldown-cmark pass), so a shortcode written in
//! a code example is shown, not run. Rendering them is not this module's job:
//! it only finds them and parses their arguments, with byte offsets for errors.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

/// An argument value as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum ArgValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// One shortcode found in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub(crate) name: String,
    pub(crate) args: BTreeMap<String, ArgValue>,
    /// The body between `{% name() %}` and `{% end %}`; `None` for inline ones.
    pub(crate) body: Option<String>,
    /// The whole shortcode in the source, body and `{% end %}` included.
    pub(crate) range: Range<usize>,
}

/// A shortcode that cannot be read, with the byte offset of the problem.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShortcodeError {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) hint: String,
}

/// Find every shortcode in `src` outside the `skip` ranges (code), in order,
/// with every malformed one reported; scanning goes on past a bad one.
pub(crate) fn find(src: &str, skip: &[Range<usize>]) -> (Vec<Shortcode>, Vec<ShortcodeError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut pos = 0;
    while let Some(rel) = src[pos..].find('{') {
        let start = pos + rel;
        let rest = &src[start..];
        let inside_code = skip.iter().any(|r| r.contains(&start));
        let kind = if rest.starts_with("{{") {
            Some(("{{", "}}"))
        } else if rest.starts_with("{%") {
            Some(("{%", "%}"))
        } else {
            None
        };
        let Some((open, close)) = kind.filter(|_| !inside_code) else {
            pos = start + 1;
            continue;
        };
        // The closer is looked for after the opener: in `{%}` the `%}`
        // overlaps the `{%` and closes nothing.
        let Some(close_rel) = rest[open.len()..].find(close).map(|i| i + open.len()) else {
            errors.push(ShortcodeError {
                offset: start,
                message: format!("`{open}` is not closed with `{close}`"),
                hint: format!(
                    "a shortcode is written `{open} name(arg=\"value\") {close}`; to show `{open}` as text, put it in `backticks`"
                ),
            });
            break;
        };
        let inner = &rest[open.len()..close_rel];
        let after_tag = start + close_rel + close.len();
        match parse_call(inner, start + open.len()) {
            Ok((name, args)) if open == "{{" => {
                found.push(Shortcode {
                    name,
                    args,
                    body: None,
                    range: start..after_tag,
                });
                pos = after_tag;
            }
            Ok((name, _)) if name == "end" => {
                errors.push(ShortcodeError {
                    offset: start,
                    message: "`{% end %}` without a shortcode to close".into(),
                    hint: "remove it, or open a shortcode with a body before it: `{% name() %}...{% end %}`".into(),
                });
                pos = after_tag;
            }
            Ok((name, args)) => match find_end(src, after_tag, skip) {
                Some((body_end, end)) => {
                    found.push(Shortcode {
                        name,
                        args,
                        body: Some(src[after_tag..body_end].to_string()),
                        range: start..end,
                    });
                    pos = end;
                }
                None => {
                    errors.push(ShortcodeError {
                        offset: start,
                        message: format!("the shortcode `{name}` has no `{{% end %}}`"),
                        hint: format!("close its body with `{{% end %}}`, or write it inline as `{{{{ {name}(...) }}}}`"),
                    });
                    pos = after_tag;
                }
            },
            Err(e) => {
                errors.push(e);
                pos = after_tag;
            }
        }
    }
    (found, errors)
}

/// The next `{% end %}` outside code: (start of the tag, end of the tag).
fn find_end(src: &str, from: usize, skip: &[Range<usize>]) -> Option<(usize, usize)> {
    let mut pos = from;
    while let Some(rel) = src[pos..].find("{%") {
        let start = pos + rel;
        let close = src[start + 2..].find("%}")? + start + 2;
        if src[start + 2..close].trim() == "end" && !skip.iter().any(|r| r.contains(&start)) {
            return Some((start, close + 2));
        }
        pos = close + 2;
    }
    None
}

/// Parse `name(key="v", n=1)`; `base` is the offset of `inner` in the source.
fn parse_call(
    inner: &str,
    base: usize,
) -> Result<(String, BTreeMap<String, ArgValue>), ShortcodeError> {
    let err = |at: usize, message: String, hint: &str| ShortcodeError {
        offset: base + at,
        message,
        hint: hint.to_string(),
    };
    let lead = inner.len() - inner.trim_start().len();
    let body = inner.trim();
    if body == "end" {
        return Ok(("end".into(), BTreeMap::new()));
    }
    let Some(paren) = body.find('(') else {
        return Err(err(
            lead,
            format!("`{body}` is not a shortcode call"),
            "write shortcodes as `name(arg=\"value\")`, with brackets even when there are no arguments",
        ));
    };
    let name = body[..paren].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(err(
            lead,
            format!("`{name}` is not a shortcode name"),
            "shortcode names use letters, digits and _ only",
        ));
    }
    if !body.ends_with(')') {
        return Err(err(
            lead + body.len().saturating_sub(1),
            format!("the arguments of `{name}` are not closed with `)`"),
            "end the argument list with `)`",
        ));
    }
    let args_src = &body[paren + 1..body.len() - 1];
    let args_base = lead + paren + 1;
    let mut args = BTreeMap::new();
    let mut rest = args_src;
    loop {
        rest = rest.trim_start();
        let at = args_base + (args_src.len() - rest.len());
        if rest.is_empty() {
            break;
        }
        let Some(eq) = rest.find('=') else {
            return Err(err(
                at,
                format!("argument `{}` has no value", rest.trim()),
                "write arguments as name=\"value\"",
            ));
        };
        let key = rest[..eq].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(err(
                at,
                format!("`{key}` is not an argument name"),
                "write arguments as name=\"value\", separated by commas",
            ));
        }
        let value_src = rest[eq + 1..].trim_start();
        let value_at = args_base + (args_src.len() - value_src.len());
        let (value, used) = parse_value(value_src).ok_or_else(|| {
            err(
                value_at,
                format!("the value of `{key}` cannot be read"),
                "quote text values with double quotes (\"like this\"); numbers and true/false need no quotes",
            )
        })?;
        if args.insert(key.to_string(), value).is_some() {
            return Err(err(
                at,
                format!("argument `{key}` is given twice"),
                "give each argument once",
            ));
        }
        rest = value_src[used..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r;
        } else if !rest.is_empty() {
            return Err(err(
                args_base + (args_src.len() - rest.len()),
                "arguments must be separated by commas".into(),
                "put a comma between arguments: a=\"x\", b=\"y\"",
            ));
        }
    }
    Ok((name.to_string(), args))
}

/// Parse one value at the start of `s`: returns it and the bytes consumed.
fn parse_value(s: &str) -> Option<(ArgValue, usize)> {
    let quote = s.chars().next()?;
    if quote == '"' || quote == '\'' {
        let mut out = String::new();
        let mut chars = s.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    let (_, next) = chars.next()?;
                    out.push(match next {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c if c == quote => return Some((ArgValue::Str(out), i + 1)),
                c => out.push(c),
            }
        }
        return None;
    }
    let end = s.find([',', ' ', '\t', '\n', '\r']).unwrap_or(s.len());
    let word = &s[..end];
    let value = match word {
        "true" => ArgValue::Bool(true),
        "false" => ArgValue::Bool(false),
        _ => {
            if let Ok(i) = word.parse::<i64>() {
                ArgValue::Int(i)
            } else {
                ArgValue::Float(word.parse::<f64>().ok().filter(|f| f.is_finite())?)
            }
        }
    };
    Some((value, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opener_overlapping_its_closer_is_unclosed_not_a_panic() {
        // Found by fuzzing: `{%}` sliced `{%` backwards.
        let (found, errors) = find("a {%} b", &[]);
        assert!(found.is_empty());
        assert_eq!(errors[0].message, "`{%` is not closed with `%}`");
        let (_, errors) = find("{% x() %}{%}", &[]);
        assert_eq!(errors[0].message, "the shortcode `x` has no `{% end %}`");
    }

    #[test]
    fn finds_inline_and_body_shortcodes_with_arguments() {
        let src = "A\n{{ pull_quote(text=\"Say \\\"hi\\\"\", n=2) }}\n{% figure(src='/a.svg', wide=true) %}\nCap\n{% end %}\n";
        let (found, _) = find(src, &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "pull_quote");
        assert_eq!(found[0].args["text"], ArgValue::Str("Say \"hi\"".into()));
        assert_eq!(found[0].args["n"], ArgValue::Int(2));
        assert_eq!(found[0].body, None);
        assert_eq!(found[1].name, "figure");
        assert_eq!(found[1].args["wide"], ArgValue::Bool(true));
        assert_eq!(found[1].body.as_deref(), Some("\nCap\n"));
        assert_eq!(
            &src[found[1].range.clone()],
            "{% figure(src='/a.svg', wide=true) %}\nCap\n{% end %}"
        );
    }

    #[test]
    fn ignores_shortcodes_inside_code() {
        let src = "`{{ x() }}` and {{ y() }}";
        let code = vec![std::ops::Range { start: 0, end: 11 }];
        let (found, _) = find(src, &code);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "y");
    }

    #[test]
    fn body_without_end_is_an_error_at_the_opening_tag() {
        let (_, errs) = find("x\n{% figure(src=\"a\") %}\nbody\n", &[]);
        assert_eq!(errs[0].offset, 2);
        assert_eq!(errs[0].message, "the shortcode `figure` has no `{% end %}`");
    }

    #[test]
    fn bad_arguments_are_errors_at_the_argument() {
        let (_, errs) = find("{{ q(text=unquoted words) }}", &[]);
        assert_eq!(errs[0].message, "the value of `text` cannot be read");
        assert_eq!(errs[0].offset, 10);
        let (_, errs) = find("{{ q(a=\"x\" b=\"y\") }}", &[]);
        assert_eq!(errs[0].message, "arguments must be separated by commas");
    }
}
