//! The layout of the calls of the runtime's macros (`json_struct!`,
//! `setters!`, `dispatch_operation!`, ...), which prettyplease prints as
//! bare tokens: a space around every `:` and `<`, the call's name and its
//! closing parenthesis each on a line of their own. A big API has thousands
//! of these calls (GitHub: 1,896 `json_struct!` in its models, one
//! `dispatch_operation!` per operation); they are written here with the
//! spacing of hand-written Rust, filled to the line width from the line the
//! call opens on:
//!
//! ```text
//! crate::runtime::setters!(Pet { with_name(name: String),
//!     with_nick_name(nick_name: String) });
//! ```
//!
//! The macros that declare a type (`json_struct! { struct }`,
//! `open_string_enum! { enum }`) are written as the declaration they take:
//! docs as `///` lines, a struct's fields one to a line, an enum's variants
//! filled:
//!
//! ```text
//! crate::runtime::json_struct! {
//!     /// A pet.
//!     #[derive(Debug, Clone, PartialEq)]
//!     #[non_exhaustive]
//!     pub struct Pet {
//!         /// Its name.
//!         pub name: String => "name" Required,
//!         pub nick_name: Option<String> => "nickName" Optional,
//!     }
//! }
//! ```

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use super::layout::lines_through;

/// The widest line a call is filled to.
const LINE_WIDTH: usize = 100;

/// The text of `source` with each call of a runtime macro laid out again;
/// everything else, and a call whose tokens do not read back, unchanged.
pub(super) fn lay_out_macro_calls(source: &str) -> String {
    let mut output = String::with_capacity(source.len());
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let indent = &line[..line.len() - line.trim_start().len()];
        // prettyplease closes a call broken over lines on a line of its own,
        // at the call's indentation.
        let laid_out = if is_declaration_opening(line.trim_start()) {
            let call = lines_through(line, &mut lines, &format!("{indent}}}"));
            laid_out_declaration(indent, &call).ok_or(call)
        } else if let Some(opening) = call_opening(line.trim_start()) {
            let call = if line.ends_with(");") {
                vec![line]
            } else {
                lines_through(line, &mut lines, &format!("{indent});"))
            };
            laid_out_call(indent, opening, &call).ok_or(call)
        } else {
            Err(vec![line])
        };
        match laid_out {
            Ok(text) => output.push_str(&text),
            Err(unchanged) => unchanged.iter().for_each(|line| {
                output.push_str(line);
                output.push('\n');
            }),
        }
    }
    output
}

/// The lines' text, trimmed and joined by spaces.
fn joined(lines: &[&str]) -> String {
    let trimmed: Vec<&str> = lines.iter().map(|line| line.trim()).collect();
    trimmed.join(" ")
}

/// `crate::runtime::name!(` when `line` opens a call of a runtime macro.
fn call_opening(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("crate::runtime::")?;
    let name_end = rest.find("!(")?;
    rest[..name_end]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then(|| &line[.."crate::runtime::".len() + name_end + 2])
}

/// The call printed over `lines`, laid out again; `None` when its tokens do
/// not read back.
fn laid_out_call(indent: &str, opening: &str, lines: &[&str]) -> Option<String> {
    let joined = joined(lines);
    let arguments = joined.strip_prefix(opening)?.strip_suffix(");")?;
    let tokens: TokenStream = arguments.parse().ok()?;
    let mut words = Vec::new();
    spaced_words(tokens, false, &mut words);
    Some(filled(indent, opening, &words, ");"))
}

/// The runtime's macros that declare the type they are given.
const DECLARING_MACROS: [&str; 3] = ["json_struct", "open_string_enum", "open_integer_enum"];

/// Whether `line` opens a call of a runtime macro that declares a type:
/// `crate::runtime::json_struct! {`.
fn is_declaration_opening(line: &str) -> bool {
    line.strip_prefix("crate::runtime::")
        .and_then(|rest| rest.strip_suffix("! {"))
        .is_some_and(|name| DECLARING_MACROS.contains(&name))
}

/// A declaring call printed over `lines` (its opening and closing lines
/// included), laid out again; `None` when its tokens do not read back as
/// attributes and one `struct` or `enum`.
fn laid_out_declaration(indent: &str, lines: &[&str]) -> Option<String> {
    let (opening, rest) = lines.split_first()?;
    let (_, body) = rest.split_last()?;
    let tokens: Vec<TokenTree> = joined(body)
        .parse::<TokenStream>()
        .ok()?
        .into_iter()
        .collect();
    let inner = format!("{indent}    ");
    let mut output = format!("{opening}\n");
    let declaration = written_attributes(&inner, &tokens, &mut output)?;
    let (TokenTree::Group(members), header) = declaration.split_last()? else {
        return None;
    };
    if members.delimiter() != Delimiter::Brace {
        return None;
    }
    match declared_kind(header)? {
        DeclaredKind::Struct => {
            let header = line_text(header.iter().cloned().collect());
            output.push_str(&format!("{inner}{header} {{\n"));
            let field_indent = format!("{inner}    ");
            for field in top_level_items(members.stream()) {
                let declaration = written_attributes(&field_indent, &field, &mut output)?;
                let text = line_text(declaration.iter().cloned().collect());
                output.push_str(&format!("{field_indent}{text},\n"));
            }
            output.push_str(&format!("{inner}}}\n"));
        }
        DeclaredKind::Enum => {
            let mut words = Vec::new();
            spaced_words(declaration.iter().cloned().collect(), false, &mut words);
            output.push_str(&filled(&inner, "", &words, ""));
        }
    }
    output.push_str(&format!("{indent}}}\n"));
    Some(output)
}

/// What a declaring call declares: a struct is written with a field to a
/// line, an enum with its variants filled.
enum DeclaredKind {
    Struct,
    Enum,
}

/// The kind `pub struct Name` or `pub enum Name` declares.
fn declared_kind(header: &[TokenTree]) -> Option<DeclaredKind> {
    let [TokenTree::Ident(visibility), TokenTree::Ident(keyword), TokenTree::Ident(_)] = header
    else {
        return None;
    };
    match (
        visibility.to_string().as_str(),
        keyword.to_string().as_str(),
    ) {
        ("pub", "struct") => Some(DeclaredKind::Struct),
        ("pub", "enum") => Some(DeclaredKind::Enum),
        _ => None,
    }
}

/// Writes the attributes `tokens` open with, each on a line of its own at
/// `indent` (docs as `///` lines); the tokens after them, `None` when a doc
/// attribute does not hold a string.
fn written_attributes<'a>(
    indent: &str,
    tokens: &'a [TokenTree],
    output: &mut String,
) -> Option<&'a [TokenTree]> {
    let mut rest = tokens;
    while let [TokenTree::Punct(hash), TokenTree::Group(attribute), after @ ..] = rest {
        if hash.as_char() != '#' || attribute.delimiter() != Delimiter::Bracket {
            break;
        }
        let inside: Vec<TokenTree> = attribute.stream().into_iter().collect();
        match inside.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(equals), TokenTree::Literal(text)]
                if name == "doc" && equals.as_char() == '=' =>
            {
                let text = syn::parse_str::<syn::LitStr>(&text.to_string())
                    .ok()?
                    .value();
                for line in text.split('\n') {
                    output.push_str(&format!("{indent}///{line}\n"));
                }
            }
            _ => {
                let text = line_text(attribute.stream());
                output.push_str(&format!("{indent}#[{text}]\n"));
            }
        }
        rest = after;
    }
    Some(rest)
}

/// The comma-separated items of a list, commas inside generic arguments
/// (`BTreeMap<String, Value>`) kept.
fn top_level_items(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut item = Vec::new();
    let mut generic_depth = 0usize;
    let mut previous_joint: Option<char> = None;
    for token in tokens {
        if let TokenTree::Punct(punct) = &token {
            let c = punct.as_char();
            let arrow = c == '>' && matches!(previous_joint, Some('-' | '='));
            match c {
                '<' => generic_depth += 1,
                '>' if !arrow => generic_depth = generic_depth.saturating_sub(1),
                ',' if generic_depth == 0 => {
                    items.push(std::mem::take(&mut item));
                    previous_joint = None;
                    continue;
                }
                _ => {}
            }
            previous_joint = (punct.spacing() == Spacing::Joint).then_some(c);
        } else {
            previous_joint = None;
        }
        item.push(token);
    }
    items.push(item);
    items.retain(|item| !item.is_empty());
    items
}

/// `tokens` on one line, with Rust's spacing.
fn line_text(tokens: TokenStream) -> String {
    let mut words = Vec::new();
    spaced_words(tokens, false, &mut words);
    let mut text = String::new();
    for word in words {
        if word.space_before && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&word.text);
    }
    text
}

/// One piece of the printed tokens, and whether a space separates it from
/// the piece before: a line may break only there, and not inside generic
/// arguments (`BTreeMap<String, String>` stays on one line).
#[derive(Debug)]
struct Word {
    text: String,
    space_before: bool,
    in_generic_arguments: bool,
}

/// What the spacing of the next token depends on.
struct Context {
    /// The token before is a name, a literal or a group.
    previous_is_word: bool,
    /// The punctuation before, when it is joined to the next one (`::`, `->`).
    previous_joint: Option<char>,
    /// The next token follows without a space (`a::b`, `&x`, `<T`, `'a`, `-1`).
    glued: bool,
    /// How many `<` of generic arguments are open.
    generic_depth: usize,
}

/// The tokens as words with the spacing of hand-written Rust. The runtime's
/// macros take names, literals, paths and types, so a `<` or `>` that is not
/// part of an arrow is a bracket of generic arguments.
fn spaced_words(tokens: TokenStream, space_first: bool, words: &mut Vec<Word>) {
    let mut context = Context {
        previous_is_word: false,
        previous_joint: None,
        glued: !space_first,
        generic_depth: 0,
    };
    for token in tokens {
        let in_generics = context.generic_depth > 0;
        match &token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                // A call, or a name with its arguments: `with_id(id: String)`.
                let call = group.delimiter() == Delimiter::Parenthesis && context.previous_is_word;
                let space = !(context.glued || call || words.is_empty());
                push(words, open, space, in_generics);
                // `{ a, b }`, but `(a, b)` and `[T]`.
                let inner_space =
                    group.delimiter() == Delimiter::Brace && !group.stream().is_empty();
                spaced_words(group.stream(), inner_space, words);
                push(words, close, inner_space, in_generics);
                context.previous_is_word = true;
                context.previous_joint = None;
                context.glued = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                push(words, &token.to_string(), !context.glued, in_generics);
                context.previous_is_word = true;
                context.previous_joint = None;
                context.glued = false;
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                let arrow = c == '>' && matches!(context.previous_joint, Some('-' | '='));
                let space_before = !context.glued
                    && match c {
                        ',' | ';' | '.' | '?' | '>' | ':' => false,
                        '<' | '!' => !context.previous_is_word,
                        _ => true,
                    };
                push(words, &c.to_string(), space_before, in_generics);
                match c {
                    '<' => context.generic_depth += 1,
                    '>' if !arrow => {
                        context.generic_depth = context.generic_depth.saturating_sub(1)
                    }
                    _ => {}
                }
                let joint = punct.spacing() == Spacing::Joint;
                // The second `:` of `::` is glued to the path's next name; a
                // minus after punctuation is a sign.
                let path_separator = c == ':' && context.previous_joint == Some(':');
                let sign = c == '-' && !context.previous_is_word;
                context.glued =
                    joint || path_separator || sign || matches!(c, '&' | '#' | '<' | '\'');
                context.previous_joint = joint.then_some(c);
                context.previous_is_word = false;
            }
        }
    }
}

fn push(words: &mut Vec<Word>, text: &str, space_before: bool, in_generic_arguments: bool) {
    // A word glued to the one before is part of it: no line breaks there.
    match words.last_mut() {
        Some(last) if !space_before => last.text.push_str(text),
        _ => words.push(Word {
            text: text.to_owned(),
            space_before,
            in_generic_arguments,
        }),
    }
}

/// The call: `opening` and its words filled to the line width, continued
/// one level deeper, `closing` (`);`) ending its last line. A line breaks only
/// after a list's comma or semicolon or after a brace, so that `name: Type`
/// and `Kind = "wire"` stay together.
fn filled(indent: &str, opening: &str, words: &[Word], closing: &str) -> String {
    let mut units: Vec<String> = Vec::new();
    for word in words {
        let breaks = word.space_before
            && !word.in_generic_arguments
            && !word.text.starts_with('}')
            && units
                .last()
                .is_some_and(|unit| unit.ends_with([',', ';', '{', '}']));
        match units.last_mut() {
            Some(unit) if !breaks => {
                if word.space_before {
                    unit.push(' ');
                }
                unit.push_str(&word.text);
            }
            _ => units.push(word.text.clone()),
        }
    }
    if let Some(last) = units.last_mut() {
        last.push_str(closing);
    } else {
        units.push(closing.to_owned());
    }
    let continuation = format!("{indent}    ");
    let mut output = String::new();
    let mut line = format!("{indent}{opening}");
    let mut line_has_units = false;
    for unit in units {
        // The opening alone on its line: a first unit too long for it starts
        // the next line, as prettyplease breaks a long call.
        let separator = usize::from(line_has_units);
        if line.len() + separator + unit.len() > LINE_WIDTH {
            output.push_str(&line);
            output.push('\n');
            line = format!("{continuation}{unit}");
        } else {
            if line_has_units {
                line.push(' ');
            }
            line.push_str(&unit);
        }
        line_has_units = true;
    }
    output.push_str(&line);
    output.push('\n');
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(source: &str) -> String {
        let file = syn::parse_file(source).expect("test source parses");
        prettyplease::unparse(&file)
    }

    /// The tokens of a laid-out call are those of the call it was made from;
    /// a string is compared by its value (a `///` line reads back as a raw
    /// string).
    fn same_tokens(left: &str, right: &str) -> bool {
        let tokens = |source: &str| {
            let file = syn::parse_file(source).expect("parses");
            let mut words = Vec::new();
            token_words(quote::quote!(#file), &mut words);
            words
        };
        tokens(left) == tokens(right)
    }

    fn token_words(tokens: TokenStream, words: &mut Vec<String>) {
        for token in tokens {
            match token {
                TokenTree::Group(group) => {
                    words.push(format!("{:?}", group.delimiter()));
                    token_words(group.stream(), words);
                }
                TokenTree::Literal(literal) => words.push(
                    syn::parse_str::<syn::LitStr>(&literal.to_string()).map_or_else(
                        |_| literal.to_string(),
                        |text| format!("{:?}", text.value()),
                    ),
                ),
                other => words.push(other.to_string()),
            }
        }
    }

    /// `source` as prettyplease prints it, laid out again; its tokens are
    /// checked to be unchanged.
    fn printed_and_laid_out(source: &str) -> String {
        let printed = printed(source);
        let laid_out = lay_out_macro_calls(&printed);
        assert!(same_tokens(&printed, &laid_out), "{laid_out}");
        laid_out
    }

    #[test]
    fn a_short_call_is_one_line_with_rust_spacing() {
        let laid_out = printed_and_laid_out("crate::runtime::setters!(DocumentReference { with_description(description: Option<String>) });");
        assert_eq!(
            laid_out,
            "crate::runtime::setters!(DocumentReference { with_description(description: Option<String>) });\n"
        );
    }

    #[test]
    fn a_long_call_fills_lines_from_its_opening() {
        let laid_out = printed_and_laid_out(
            r#"fn f() {} crate::runtime::example!(DocumentCollection: Default { id: "id" Optional, documents: "documents" Required, package_to: "packageTo" Optional, output: "output" Optional, signers: "signers" Required });"#,
        );
        assert_eq!(
            laid_out,
            "fn f() {}\ncrate::runtime::example!(DocumentCollection: Default { id: \"id\" Optional,\n    documents: \"documents\" Required, package_to: \"packageTo\" Optional, output: \"output\" Optional,\n    signers: \"signers\" Required });\n"
        );
        assert!(laid_out.lines().all(|line| line.len() <= LINE_WIDTH));
    }

    #[test]
    fn types_paths_references_and_arrows_read_as_rust() {
        let call = r#"crate::runtime::dispatch_operation!(repos_get("repos/get") { owner: String = Path "owner", page: Option<Vec<models::Page<'_, u8>>> = Query "page" } body body: models::Repo = json_body(); call repos_get(&owner, &body) -> json);"#;
        let laid_out = printed_and_laid_out(&format!("impl A {{}} {call}"));
        let expected = r#"crate::runtime::dispatch_operation!(repos_get("repos/get") { owner: String = Path "owner",
    page: Option<Vec<models::Page<'_, u8>>> = Query "page" } body body: models::Repo = json_body();
    call repos_get(&owner, &body) -> json);
"#;
        assert_eq!(laid_out, format!("impl A {{}}\n{expected}"));
    }

    #[test]
    fn a_first_part_too_long_for_the_opening_line_starts_the_next() {
        let name = "actions_get_actions_cache_retention_limit_for_enterprise";
        let call = format!(
            r#"crate::runtime::dispatch_operation!({name}("actions/{name}") {{ enterprise: String = Path "enterprise" }} call {name}(&enterprise) -> json);"#
        );
        let laid_out = printed_and_laid_out(&call);
        let expected = format!(
            "crate::runtime::dispatch_operation!(\n    {name}(\"actions/{name}\") {{\n    enterprise: String = Path \"enterprise\" }}\n    call {name}(&enterprise) -> json);\n"
        );
        assert_eq!(laid_out, expected);
    }

    #[test]
    fn generic_arguments_stay_on_one_line() {
        let laid_out = printed_and_laid_out(
            r#"crate::runtime::example!(SigningSetup { additional_parameters: "additionalParameters" Optional [Option<std::collections::BTreeMap<String, String>>] });"#,
        );
        assert_eq!(
            laid_out,
            "crate::runtime::example!(SigningSetup {\n    additional_parameters: \"additionalParameters\" Optional [Option<std::collections::BTreeMap<String, String>>] });\n"
        );
    }

    #[test]
    fn a_negative_value_keeps_its_sign_on_the_number() {
        let laid_out = printed_and_laid_out(
            "crate::runtime::open_integer_enum!(Level { Minus1 = -1i64, Value0 = 0i64 });",
        );
        assert_eq!(
            laid_out,
            "crate::runtime::open_integer_enum!(Level { Minus1 = -1i64, Value0 = 0i64 });\n"
        );
    }

    #[test]
    fn calls_inside_a_section_keep_their_indentation() {
        let source = "    crate::runtime::open_string_enum!(\n        Kind { A = \"a\", B = \"b\" }\n    );\n";
        assert_eq!(
            lay_out_macro_calls(source),
            "    crate::runtime::open_string_enum!(Kind { A = \"a\", B = \"b\" });\n"
        );
    }

    #[test]
    fn a_declared_struct_reads_as_rust_docs_as_comments_one_field_a_line() {
        let laid_out = printed_and_laid_out(
            r#"crate::runtime::json_struct! { #[doc = " A pet."] #[doc = ""] #[doc = " Says \"hi\"."] #[derive(Debug, Clone)] #[non_exhaustive] pub struct Pet { #[doc = " Its name."] pub name: String => "name" Required, #[deprecated] pub r#type: Option<Option<String>> => "type" DoubleOption, pub rest: std::collections::BTreeMap<String, Vec<String>> => "" Rest, } }"#,
        );
        assert_eq!(
            laid_out,
            r#"crate::runtime::json_struct! {
    /// A pet.
    ///
    /// Says "hi".
    #[derive(Debug, Clone)]
    #[non_exhaustive]
    pub struct Pet {
        /// Its name.
        pub name: String => "name" Required,
        #[deprecated]
        pub r#type: Option<Option<String>> => "type" DoubleOption,
        pub rest: std::collections::BTreeMap<String, Vec<String>> => "" Rest,
    }
}
"#
        );
    }

    #[test]
    fn a_declared_enum_lists_its_variants_filled_inside_a_section() {
        let source = printed(
            r#"crate::runtime::open_string_enum! { #[doc = " A state."] pub enum ActionsHostedRunnerStatus { Ready = "Ready", Provisioning = "Provisioning", Shutdown = "Shutdown", Deleting = "Deleting" } }"#,
        );
        let in_section: String = source.lines().map(|line| format!("    {line}\n")).collect();
        let laid_out = lay_out_macro_calls(&in_section);
        assert!(same_tokens(&in_section, &laid_out), "{laid_out}");
        assert_eq!(
            laid_out,
            r#"    crate::runtime::open_string_enum! {
        /// A state.
        pub enum ActionsHostedRunnerStatus { Ready = "Ready", Provisioning = "Provisioning",
            Shutdown = "Shutdown", Deleting = "Deleting" }
    }
"#
        );
    }

    #[test]
    fn a_declaring_call_that_holds_no_struct_or_enum_is_unchanged() {
        let source = printed("crate::runtime::json_struct! { pub fn f() {} } struct After;");
        assert_eq!(lay_out_macro_calls(&source), source);
    }

    #[test]
    fn other_lines_and_unreadable_calls_are_unchanged() {
        let source = "crate::runtime::cfg_items! {\n    pub struct A;\n}\nlet x = crate::runtime::f(1);\ncrate::runtime::broken!(\"open);\n";
        assert_eq!(lay_out_macro_calls(source), source);
    }
}
