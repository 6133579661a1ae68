//! Document prose to rustdoc that builds without warnings: code fences marked
//! as text (so they are not compiled as doctests), brackets and angle brackets
//! escaped (so they are not read as links or HTML), bare URLs wrapped.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Docs;

/// `#[doc]` attributes for a summary, a description and extra notes.
pub fn doc_attributes(docs: &Docs, notes: &[String]) -> TokenStream {
    lines_to_attributes(&doc_lines(docs, notes))
}

/// As [`doc_attributes`], with `lead` (`` `limit` query parameter``) opening
/// the first line (`lead: what the description says`), or on its own line
/// when there is no description or it opens with markup (a list, a heading,
/// a code fence) that the lead would break.
pub fn led_doc_attributes(docs: &Docs, lead: &str, notes: &[String]) -> TokenStream {
    let mut lines = doc_lines(docs, &[]);
    match lines.first_mut() {
        Some(first) if opens_with_prose(first) => *first = format!("{lead}: {first}"),
        Some(_) => lines
            .splice(0..0, [format!("{lead}."), String::new()])
            .for_each(drop),
        None => lines.push(format!("{lead}.")),
    }
    for note in notes {
        lines.push(String::new());
        lines.push(note.clone());
    }
    lines_to_attributes(&lines)
}

/// Whether a line starts as a sentence does: with a letter, a digit that
/// does not number a list, or inline code, not with Markdown block syntax.
fn opens_with_prose(line: &str) -> bool {
    let numbered = line.split_once(['.', ')']).is_some_and(|(number, _)| {
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
    });
    match line.chars().next() {
        Some('`') => !line.starts_with("```"),
        Some(first) => first.is_alphanumeric() && !numbered,
        None => false,
    }
}

/// The lines of [`doc_attributes`]: summary, description and notes, a blank
/// line between paragraphs.
fn doc_lines(docs: &Docs, notes: &[String]) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(summary) = docs
        .summary
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        paragraphs.push(summary.trim().to_owned());
    }
    if let Some(description) = docs
        .description
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        if docs.summary.as_deref().map(str::trim) != Some(description.trim()) {
            paragraphs.push(description.trim().to_owned());
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(&paragraph));
    }
    for note in notes {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(note.clone());
    }
    lines
}

/// One `#[doc]` per line, so prettyplease prints them as `///` comments.
pub fn lines_to_attributes(lines: &[String]) -> TokenStream {
    let attributes = lines.iter().map(|line| {
        let text = comment_text(line);
        quote!(#[doc = #text])
    });
    quote!(#(#attributes)*)
}

/// One `#![doc]` per line: the crate-level docs.
pub fn lines_to_inner_attributes(lines: &[String]) -> TokenStream {
    let attributes = lines.iter().map(|line| {
        let text = comment_text(line);
        quote!(#![doc = #text])
    });
    quote!(#(#attributes)*)
}

/// The text of a doc comment's line: a space after `///` unless it is empty.
fn comment_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {}", single_line(line))
    }
}

/// Text that is safe on one comment line. Line breaks become spaces; control
/// characters and the characters that change text direction are written as
/// `\u{..}` escapes: rustc rejects them in comments (a bare CR, and the
/// `text_direction_codepoint_in_comment` lint), and they could make the docs
/// read differently from what they say.
pub fn single_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\r' | '\n' => line.push(' '),
            '\t' => line.push(character),
            _ if character.is_control() || changes_direction(character) => {
                line.push_str(&format!("\\u{{{:04X}}}", u32::from(character)));
            }
            _ => line.push(character),
        }
    }
    line
}

/// `text` as a markdown code span: fenced by more backticks than it holds in a
/// row, so a pattern like `` a`b `` reads as written.
pub fn code_span(text: &str) -> String {
    let longest_run = text
        .split(|character| character != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let padding = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{padding}{text}{padding}{fence}")
}

/// Unicode's explicit direction marks, embeddings, overrides and isolates.
fn changes_direction(character: char) -> bool {
    matches!(
        character,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Rewrites markdown prose line by line.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    // Like `str::lines`, but a bare CR ends a line too (old Mac text).
    let text = text.replace("\r\n", "\n");
    let text = text.strip_suffix('\n').unwrap_or(&text);
    for raw_line in text.split(['\n', '\r']) {
        let line = raw_line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            lines.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
        } else if in_fence {
            lines.push(line.to_owned());
        } else {
            // Indented lines would become code blocks, which rustdoc compiles.
            lines.push(wrap_bare_urls(&escape_markup(trimmed)));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

fn escape_markup(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len());
    let characters: Vec<char> = line.chars().collect();
    for (index, character) in characters.iter().enumerate() {
        match character {
            '[' if !starts_inline_link(&characters[index..]) => escaped.push_str("\\["),
            ']' if characters.get(index + 1) != Some(&'(') => escaped.push_str("\\]"),
            // Escaped, not entities: the source reads as the text does.
            '<' => escaped.push_str("\\<"),
            '>' => escaped.push_str("\\>"),
            other => escaped.push(*other),
        }
    }
    escaped
}

/// Whether `[text](target)` starts here.
fn starts_inline_link(characters: &[char]) -> bool {
    characters
        .iter()
        .position(|character| *character == ']')
        .is_some_and(|close| characters.get(close + 1) == Some(&'('))
}

fn wrap_bare_urls(line: &str) -> String {
    let mut output = String::with_capacity(line.len() + 4);
    let mut rest = line;
    while let Some(start) = rest
        .find("http://")
        .into_iter()
        .chain(rest.find("https://"))
        .min()
    {
        let (before, from_url) = rest.split_at(start);
        output.push_str(before);
        let end = from_url
            .find(|character: char| {
                character.is_whitespace() || matches!(character, ')' | '"' | '\'' | '`' | '&')
            })
            .unwrap_or(from_url.len());
        let url = from_url[..end].trim_end_matches(['.', ',', ';', ':']);
        let in_link = before.ends_with("](") || before.ends_with('`');
        if in_link {
            output.push_str(url);
        } else {
            output.push('<');
            output.push_str(url);
            output.push('>');
        }
        rest = &from_url[url.len()..];
    }
    output.push_str(rest);
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_outlast_the_backticks_they_hold() {
        assert_eq!(code_span("^[a-z]+$"), "`^[a-z]+$`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn a_lead_opens_prose_and_stands_alone_before_markup() {
        let docs = |description: &str| Docs {
            summary: None,
            description: Some(description.to_owned()),
            deprecated: false,
        };
        let printed = |docs: &Docs| {
            led_doc_attributes(
                docs,
                "`limit` query parameter",
                &["Limits: at most 5.".to_owned()],
            )
            .to_string()
        };
        let prose = printed(&docs("How many.\n\nAt most five."));
        assert!(prose.starts_with(r#"# [doc = " `limit` query parameter: How many."] # [doc = ""] # [doc = " At most five."]"#), "{prose}");
        assert!(
            prose.ends_with(r#"# [doc = ""] # [doc = " Limits: at most 5."]"#),
            "{prose}"
        );
        let list = printed(&docs("- first\n- second"));
        assert!(
            list.starts_with(
                r#"# [doc = " `limit` query parameter."] # [doc = ""] # [doc = " - first"]"#
            ),
            "{list}"
        );
        let numbered = printed(&docs("1. first"));
        assert!(
            numbered.starts_with(r#"# [doc = " `limit` query parameter."] # [doc = ""]"#),
            "{numbered}"
        );
        let code = printed(&docs("`n` items"));
        assert!(
            code.starts_with(r#"# [doc = " `limit` query parameter: `n` items"]"#),
            "{code}"
        );
        let bare = printed(&Docs::default());
        assert_eq!(
            bare,
            r#"# [doc = " `limit` query parameter."] # [doc = ""] # [doc = " Limits: at most 5."]"#
        );
    }

    #[test]
    fn code_fences_become_text() {
        assert_eq!(
            sanitize("a\n```\nlet x;\n```"),
            ["a", "```text", "let x;", "```"]
        );
    }

    #[test]
    fn line_breaks_and_direction_marks_cannot_break_a_comment() {
        assert_eq!(
            single_line("a\rb\nc\u{202E}d\u{2066}e\u{0}f"),
            "a b c\\u{202E}d\\u{2066}e\\u{0000}f"
        );
        assert_eq!(sanitize("one\rtwo\r\nthree\n"), ["one", "two", "three"]);
    }

    #[test]
    fn indented_lines_are_not_code_blocks() {
        assert_eq!(sanitize("    four spaces"), ["four spaces"]);
    }

    #[test]
    fn bare_urls_are_wrapped_and_links_kept() {
        assert_eq!(
            sanitize("see (https://example.com/a). or [b](https://example.com/b)"),
            ["see (<https://example.com/a>). or [b](https://example.com/b)"]
        );
    }

    #[test]
    fn brackets_and_html_are_escaped() {
        assert_eq!(sanitize("List<String> [x]"), ["List\\<String\\> \\[x\\]"]);
    }
}
