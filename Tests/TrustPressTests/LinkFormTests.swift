import Foundation
import Testing
@testable import TrustPressCore

/// One link rule for every link form, root-relative links resolved, links to missing headings
/// warned about (issue 10, "Markdown on public pages").
@Suite("Link forms and heading links")
struct LinkFormTests {
    static let policy = """
    ---
    title: P
    visibility: public
    ---
    ## Scope

    Inline [a](javascript:alert(1)), autolinks <javascript:alert(1)> <irc://x.example/c> <file:///etc/passwd>,
    reference [b][r], bare ftp://files.example/x and xmpp:me@x.example.

    [r]: ssh://git.example/repo
    """

    @Test("Inline, autolink, reference and bare-URL links with a disallowed scheme are errors at their column")
    func everyFormIsChecked() throws {
        let dir = try makeTemporaryFolder("linkforms")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(["site.yaml": minimalSiteYAML, "policies/p.md": Self.policy], into: dir)
        let p = "\(dir.path)/policies/p.md"
        #expect(descriptions(diagnosticsOfFailedCheck(makeBuilder(content: dir))) == """
            \(p):7:8: error: 'javascript:alert(1)': only http:, https: and mailto: links are allowed
            \(p):7:44: error: 'javascript:alert(1)': only http:, https: and mailto: links are allowed
            \(p):7:66: error: 'irc://x.example/c': only http:, https: and mailto: links are allowed
            \(p):7:86: error: 'file:///etc/passwd': only http:, https: and mailto: links are allowed
            \(p):8:11: error: 'ssh://git.example/repo': only http:, https: and mailto: links are allowed
            \(p):8:24: error: 'ftp://files.example/x': only http:, https: and mailto: links are allowed
            \(p):8:50: error: 'xmpp:me@x.example': only http:, https: and mailto: links are allowed
            """)
    }

    static let resolved: [(String, String?)] = [
        ("/security", "https://tiny.example/security"),
        ("/legal/dpa?v=2#scope", "https://tiny.example/legal/dpa?v=2#scope"),
        ("//evil.example/x", nil),
        ("/\\evil.example", nil),
        ("security", nil),
        ("https://x.example/", nil),
    ]

    @Test("A root-relative link is resolved against organization.website", arguments: resolved)
    func rootRelative(_ destination: String, _ absolute: String?) {
        #expect(PolicyLink.resolvingRootRelative(destination, website: "https://tiny.example/company/") == absolute)
        #expect(PolicyLink.resolvingRootRelative("/a", website: "https://tiny.example:8443") == "https://tiny.example:8443/a")
    }

    static let files = [
        "site.yaml": minimalSiteYAML,
        "policies/a.md": """
        ---
        title: A
        visibility: public
        ---
        # Access control

        ## Access reviews

        ::: confidential
        ## Break-glass accounts
        :::

        See [reviews](#access-reviews), [typo](#access-review), [case](#Access-Reviews), [secret](#break-glass-accounts),
        [b](b.md#retention), [b missing](b.md#retension), [c](c.md#nothing), [site](/security).
        """,
        "policies/b.md": """
        ---
        title: B
        visibility: public
        ---
        ## Retention periods {#custom}

        ### Retention

        Back to [a](a.md#break-glass-accounts).

        ::: confidential
        Internal: [a secret](a.md#break-glass-accounts).
        :::
        """,
        "policies/c.md": "---\ntitle: C\nvisibility: confidential\n---\nNo headings.\n",
    ]

    @Test("A link to a heading that does not exist is a warning at the link, with a did-you-mean")
    func missingHeadings() throws {
        let dir = try makeTemporaryFolder("fragments")
        defer { removeTemporaryFolder(dir) }
        try writeFiles(Self.files, into: dir)
        let (_, warnings) = try makeBuilder(content: dir).check()
        let a = "\(dir.path)/policies/a.md", b = "\(dir.path)/policies/b.md"
        #expect(descriptions(warnings.filter { $0.path.hasSuffix("a.md") || $0.path.hasSuffix("b.md") }) == """
            \(a):13:33: warning: link to '#access-review': this policy has no heading with the id 'access-review'
            \(a):13:33: note: did you mean '#access-reviews'?
            \(a):13:57: warning: link to '#Access-Reviews': this policy has no heading with the id 'Access-Reviews'
            \(a):13:57: note: did you mean '#access-reviews'?
            \(a):13:82: warning: link to '#break-glass-accounts': that heading of this policy is inside a confidential block, so the public page has no such heading
            \(a):13:82: note: link to a public heading, or to the policy without '#…'
            \(a):14:22: warning: link to 'b.md#retension': b.md has no heading with the id 'retension'
            \(a):14:22: note: did you mean '#retention'?
            \(a):14:51: warning: link to 'c.md#nothing': c.md has no heading with the id 'nothing'
            \(a):14:51: note: c.md has no headings
            \(b):9:9: warning: link to 'a.md#break-glass-accounts': that heading of a.md is inside a confidential block, so the public page has no such heading
            \(b):9:9: note: link to a public heading, or to the policy without '#…'
            """)
    }

    @Test("Heading links work in both trees; confidential headings leave no id on the public page")
    func renderedLinks() async throws {
        let dir = try makeTemporaryFolder("fragments-render")
        defer { removeTemporaryFolder(dir) }
        var files = Self.files
        files["policies/a.md"] = files["policies/a.md"]!.replacingOccurrences(of: "Break-glass accounts", with: "Break-glass CANARYHEADING")
        try writeFiles(files, into: dir)
        let result = try await makeBuilder(content: dir).render()
        let publicA = try #require(result.publicFiles[path: "policies/a.html"]).text
        #expect(publicA.contains("<h2 id=\"access-control\">Access control</h2>\n<h3 id=\"access-reviews\">Access reviews</h3>"))
        #expect(publicA.contains("<a href=\"b.html#retention\">b</a>"))
        #expect(publicA.contains("<a href=\"https://tiny.example/security\">site</a>"))
        #expect(!publicA.lowercased().contains("canaryheading"))
        let publicB = try #require(result.publicFiles[path: "policies/b.html"]).text
        #expect(publicB.contains("<h2 id=\"retention-periods-custom\">Retention periods {#custom}</h2>\n<h3 id=\"retention\">Retention</h3>"))
        let bundleA = try #require(result.bundleFiles[path: "policies/a.html"]).text
        #expect(bundleA.contains("<h3 id=\"break-glass-canaryheading\">Break-glass CANARYHEADING</h3>"))
    }
}
