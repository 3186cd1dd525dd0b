/// `docs/templates.md`, generated from the page schemas: what every page template can use. A test
/// compares the file with this text, so the documentation always says what the data and the
/// template checker say (regenerate with `TRUSTPRESS_RECORD=1 swift test` or `make docs`).
public enum TemplateDocs {
    public static var markdown: String {
        var out = """
        # Template variables

        <!-- Generated from Sources/TrustPressCore/Render/PageData by the tests: edit the schemas there,
             then run `make docs` (TRUSTPRESS_RECORD=1 swift test) to rewrite this file. -->

        Every page template receives one documented value; this page lists each variable it offers.
        A template that uses a name its page does not provide is an error at `file:line:column`
        (a misspelt variable would otherwise render as nothing), for the built-in templates and for
        every template of an override folder alike, including the partials and layouts a page includes.
        So is a block override (`{{$name}}` inside `{{<layout}}`) naming a block its layout never
        expands: its content would never be shown.

        How names resolve (Mustache, as swift-mustache 2.1.1 renders it):

        - `{{name}}` is HTML-escaped. Fields ending in `HTML` or `CSS` are already HTML: write `{{{name}}}`.
        - `{{#name}}…{{/name}}` repeats for each item of a list (the item becomes the context), shows
          its content for `true` or a present optional value, and makes a nested value the context.
          `{{^name}}…{{/name}}` shows its content for `false`, an empty list or an absent value.
        - A name is looked up in the innermost context first, then in each enclosing one, up to the
          page: inside `{{#policy}}` both `{{title}}` (the policy's) and `{{root}}` (the page's) work.
          `{{a.b}}` reads `b` inside `a`; `{{.}}` is the current item (a list of text).
        - Optional values are absent when not given: `{{#summary}}{{summary}}{{/summary}}`.
        - Dates are long-form text in the site's language (`30 November 2026`, `30. November 2026`, `30 novembre 2026`); names ending in `ISO` are `2026-11-30`.
        - Transforms: text `uppercased`, `lowercased`, `capitalized`, `reversed`, `empty`; numbers
          `plusone`, `minusone`, `even`, `odd`, `equalzero`; lists `count`, `empty`, `first`, `last`,
          `reversed`, `sorted` (lists of text): `{{uppercased(site.title)}}`, `{{#reversed(nav)}}`.
          Directly inside a list section: `{{index()}}`, `{{#first()}}`, `{{#last()}}`, `{{#even()}}`, `{{#odd()}}`.

        Kinds below: `text`, `number`, `true/false`, `optional …` (may be absent), `list of …`, or the
        name of a type listed under "Types".

        Every page, of both trees, also has `language` (the site's language, `en`, `de` or `fr`, for
        `<html lang="{{language}}">`) and `t`, the theme's strings in that language
        (`Templates/strings/<language>.yaml`): `{{t.bundle.cover.heading}}`. A misspelt key is an
        error like any unknown variable. The keys, with their English text:

        """ + "\n" + stringsTable + "\n"
        let sides: [(title: String, layoutName: String, layout: DataType, pages: [PageSchema])] = [
            ("Public trust center", "public-layout", PublicLayoutData.schema.type, PageSchema.all.filter { $0.template.hasPrefix("public/") }),
            ("Confidential bundle", "confidential-layout", BundleLayoutData.schema.type,
             PageSchema.all.filter { $0.template.hasPrefix("confidential/") }),
        ]
        for side in sides {
            out += "\n## \(side.title)\n\n"
            out += "### Layout `\(side.layoutName)`\n\n\(side.layout.summary) Every page below that uses it has these variables too.\n\n"
            out += table(side.layout)
            for page in side.pages {
                out += "\n### Page `\(page.template)`\n\n\(page.page.summary)"
                out += page.layout == nil ? " It does not use the layout: only these variables.\n\n" : " Also the layout's variables.\n\n"
                out += table(page.page)
            }
            out += "\n### Types (\(side.title.lowercased()))\n"
            var seen: Set<String> = []
            var order: [DataType] = []
            func collect(_ type: DataType) {
                for field in type.fields {
                    var kind = field.kind.present
                    if case let .list(element) = kind { kind = element.present }
                    if case let .nested(inner) = kind, seen.insert(inner.name).inserted {
                        order.append(inner)
                        collect(inner)
                    }
                }
            }
            collect(side.layout)
            for page in side.pages { collect(page.page) }
            for type in order {
                out += "\n#### \(type.name)\n\n\(type.summary)\n\n" + table(type)
            }
        }
        return out
    }

    /// Every key of the built-in strings with its English text.
    static var stringsTable: String {
        var rows = "| Key | English |\n|---|---|\n"
        let english = Strings.builtIn("en").values
        for key in english.keys.sorted(by: NaturalOrder.less) {
            rows += "| `t.\(key)` | \(english[key]!.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return rows
    }

    /// A type's variables as a Markdown table.
    static func table(_ type: DataType) -> String {
        var rows = "| Variable | Kind | What it holds |\n|---|---|---|\n"
        for field in type.fields {
            rows += "| `\(field.name)` | \(field.kind.label) | \(field.doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return rows
    }
}
