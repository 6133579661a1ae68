//! The layout of printed source beyond what prettyplease decides: blank
//! lines between items, and `cfg` attributes kept short.

/// The widest line prettyplease aims for; a `cfg` attribute joined onto one
/// line is kept only when it fits.
const LINE_WIDTH: usize = 100;

/// prettyplease prints items back to back; a blank line after each top-level
/// item (and each method) makes the files read like hand-written code. Type
/// aliases of one line follow each other without one, as a list does: a big
/// API keeps thousands of them (one per merged inline type's name). The
/// runtime's calls that write a type's constructor and setters follow the
/// type without one: they are part of its declaration.
pub(super) fn separate_items(source: &str) -> String {
    let mut output = String::with_capacity(source.len() + source.len() / 20);
    let lines: Vec<&str> = source.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        output.push_str(line);
        output.push('\n');
        let rest = &lines[index + 1..];
        let closes_item =
            *line == "}" || *line == "    }" || (line.ends_with(';') && !line.starts_with(' '));
        let next_is_closing = rest
            .first()
            .is_some_and(|next| next.trim_start().starts_with('}'));
        let alias_follows_alias = is_one_line_alias(line)
            && rest
                .iter()
                .find(|next| !next.starts_with("///"))
                .is_some_and(|next| is_one_line_alias(next));
        let impls_follow = rest
            .first()
            .is_some_and(|next| is_call_completing_a_type(next));
        if closes_item
            && !next_is_closing
            && !alias_follows_alias
            && !impls_follow
            && !rest.is_empty()
        {
            output.push('\n');
        }
    }
    output
}

/// A call of the runtime's macros that add impls to the type before them.
fn is_call_completing_a_type(line: &str) -> bool {
    ["constructor", "setters"]
        .iter()
        .any(|name| line.starts_with(&format!("crate::runtime::{name}!(")))
}

fn is_one_line_alias(line: &str) -> bool {
    line.starts_with("pub type ") && line.ends_with(';')
}

/// A `cfg` attribute written on one line (`#[cfg(any(..))]`), laid out as
/// [`compact_cfg_attributes`] lays out the ones prettyplease broke.
pub(super) fn cfg_attribute_text(indent: &str, attribute: &str) -> String {
    cfg_layout(indent, &[&format!("{indent}{attribute}")])
}

/// prettyplease breaks a `cfg` attribute too long for one line into one line
/// per feature, nested twice: seven lines for three features. Items of a big
/// API reached from several areas carry such lists everywhere (a tenth of
/// GitHub's lines), so they are written as one line when that fits, and
/// otherwise with the features filled to the line width:
///
/// ```text
/// #[cfg(any(
///     feature = "actions", feature = "apps", feature = "orgs", ...
/// ))]
/// ```
///
/// Other broken attributes (`all(..)` of several lists) keep prettyplease's
/// layout.
pub(super) fn compact_cfg_attributes(source: &str) -> String {
    let mut output = String::with_capacity(source.len());
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let indent = &line[..line.len() - line.trim_start().len()];
        if line.trim_start() != "#[cfg(" {
            output.push_str(line);
            output.push('\n');
            continue;
        }
        // prettyplease closes the attribute on a line of its own, at the
        // attribute's indentation.
        let attribute = lines_through(line, &mut lines, &format!("{indent})]"));
        output.push_str(&cfg_layout(indent, &attribute));
    }
    output
}

/// `first` and the lines after it up to `closing`, which is included: what
/// prettyplease printed of an attribute or a call it broke over lines.
pub(super) fn lines_through<'a>(
    first: &'a str,
    lines: &mut impl Iterator<Item = &'a str>,
    closing: &str,
) -> Vec<&'a str> {
    let mut printed = vec![first];
    for next in lines {
        printed.push(next);
        if next == closing {
            break;
        }
    }
    printed
}

/// One broken `cfg` attribute (its lines, first to last) laid out again.
fn cfg_layout(indent: &str, lines: &[&str]) -> String {
    let joined = join_broken_lines(lines);
    if indent.len() + joined.len() <= LINE_WIDTH {
        return format!("{indent}{joined}\n");
    }
    let Some(features) = joined
        .strip_prefix("#[cfg(any(")
        .and_then(|rest| rest.strip_suffix("))]"))
        .filter(|list| !list.contains('('))
    else {
        return lines.iter().map(|line| format!("{line}\n")).collect();
    };
    let inner_indent = format!("{indent}    ");
    let mut output = format!("{indent}#[cfg(any(\n");
    let mut current = String::new();
    for feature in features.split(", ") {
        let candidate_width = inner_indent.len() + current.len() + 2 + feature.len() + 1;
        if !current.is_empty() && candidate_width > LINE_WIDTH {
            output.push_str(&format!("{inner_indent}{current}\n"));
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(feature);
        current.push(',');
    }
    // The last feature needs no comma.
    current.pop();
    output.push_str(&format!("{inner_indent}{current}\n{indent}))]\n"));
    output
}

/// The attribute's tokens on one line: a line ending in a comma is followed
/// by a space, any other line runs straight into the next (they end or start
/// a parenthesis).
fn join_broken_lines(lines: &[&str]) -> String {
    let mut joined = String::new();
    for line in lines {
        let line = line.trim();
        if joined.ends_with(',') {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    // A trailing comma before a closing parenthesis is prettyplease's, not
    // the attribute's.
    joined.replace(",)", ")")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(source: &str) -> String {
        let file = syn::parse_file(source).expect("test source parses");
        prettyplease::unparse(&file)
    }

    #[test]
    fn a_cfg_that_fits_is_one_line() {
        let source = printed(
            r#"#[cfg(any(feature = "security-advisories", feature = "dependabot", feature = "unreferenced"))] pub struct A;"#,
        );
        assert!(
            source.lines().count() > 2,
            "prettyplease breaks it: {source}"
        );
        assert_eq!(
            compact_cfg_attributes(&source),
            "#[cfg(any(feature = \"security-advisories\", feature = \"dependabot\", feature = \"unreferenced\"))]\npub struct A;\n"
        );
    }

    /// `feature = "area-number-0"`, and so on: enough for a long `cfg`.
    fn twelve_features() -> Vec<String> {
        (0..12)
            .map(|index| format!("feature = \"area-number-{index}\""))
            .collect()
    }

    #[test]
    fn a_long_cfg_fills_its_features_to_the_line_width() {
        let features = twelve_features();
        let source = printed(&format!(
            "impl A {{ #[cfg(any({}))] fn f() {{}} }}",
            features.join(", ")
        ));
        let compact = compact_cfg_attributes(&source);
        let expected = "impl A {
    #[cfg(any(
        feature = \"area-number-0\", feature = \"area-number-1\", feature = \"area-number-2\",
        feature = \"area-number-3\", feature = \"area-number-4\", feature = \"area-number-5\",
        feature = \"area-number-6\", feature = \"area-number-7\", feature = \"area-number-8\",
        feature = \"area-number-9\", feature = \"area-number-10\", feature = \"area-number-11\"
    ))]
    fn f() {}
}
";
        assert_eq!(compact, expected);
        assert!(compact.lines().all(|line| line.len() <= LINE_WIDTH));
        // Still the same attribute.
        assert_eq!(printed(&compact), source);
    }

    #[test]
    fn one_line_aliases_are_listed_without_blank_lines() {
        let source = printed(
            "/// A.\npub type A = X; /// B.\npub type B = X; pub type C = Y; pub struct D; pub type E = X;",
        );
        assert_eq!(
            separate_items(&source),
            "/// A.\npub type A = X;\n/// B.\npub type B = X;\npub type C = Y;\n\npub struct D;\n\npub type E = X;\n"
        );
    }

    #[test]
    fn the_impl_calls_of_a_type_follow_it_without_blank_lines() {
        let source = printed(
            "pub struct A { a: u8 } crate::runtime::constructor!(A { a; }); crate::runtime::setters!(A {}); crate::runtime::other!(A); pub struct B;",
        );
        assert_eq!(
            separate_items(&source),
            "pub struct A {\n    a: u8,\n}\ncrate::runtime::constructor!(A { a; });\ncrate::runtime::setters!(A {});\n\ncrate::runtime::other!(A);\n\npub struct B;\n"
        );
    }

    #[test]
    fn a_cfg_written_on_one_line_is_laid_out_as_a_broken_one() {
        let features = twelve_features();
        let attribute = format!("#[cfg(any({}))]", features.join(", "));
        let printed_broken = printed(&format!("{attribute} pub struct A;"));
        let compact = compact_cfg_attributes(&printed_broken);
        assert_eq!(
            cfg_attribute_text("", &attribute),
            compact.strip_suffix("pub struct A;\n").unwrap_or_default()
        );
        assert_eq!(
            cfg_attribute_text("    ", "#[cfg(feature = \"a\")]"),
            "    #[cfg(feature = \"a\")]\n"
        );
    }

    #[test]
    fn other_broken_attributes_and_short_ones_are_unchanged() {
        let groups: Vec<String> = (0..4)
            .map(|index| {
                format!("any(feature = \"first-area-{index}\", feature = \"second-area-{index}\")")
            })
            .collect();
        let source = printed(&format!(
            "#[cfg(all({}))] pub struct A; #[cfg(feature = \"b\")] pub struct B;",
            groups.join(", ")
        ));
        assert_eq!(compact_cfg_attributes(&source), source);
    }
}
