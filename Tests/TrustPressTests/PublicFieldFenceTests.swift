import Foundation
import Testing
@testable import TrustPressCore

/// Issue 13 review, finding 2: `::: confidential` … `:::` in a YAML text field that reaches the
/// public site was published verbatim (fences work only in policy bodies). Every fence-shaped line
/// of such a field is an error: at its file line in a literal block scalar, at the field otherwise.
@Suite("Fences in public YAML fields")
struct PublicFieldFenceTests {
    static func message(_ name: String) -> String {
        "this line of '\(name)' looks like a redaction fence ('::: confidential' or ':::'), but fences work only in policy bodies and '\(name)' is shown on the public site, so it would be published as text; keep confidential text out of this field"
    }

    @Test("The detector of policy bodies finds fence lines in any text, and leaves ordinary colons alone")
    func lines() {
        #expect(RedactionBlocks.fenceLines(in: "Public.\n::: confidential\nZQXSECRET\n:::") == [2, 4])
        #expect(RedactionBlocks.fenceLines(in: "a\n- \u{FE30}\u{FE30}\u{FE30} confidential\nb\n:: Confidental") == [2, 4])
        #expect(RedactionBlocks.fenceLines(in: "Time 10:30, ratio 2:1, Foo::Bar, IPv6 ::1, 日本語：テキスト").isEmpty)
    }

    /// `(file, old, new)`: a replacement in a copy of the mini site, and the errors expected.
    static let cases: [(String, String, String, [String])] = [
        ("controls/controls.yaml", "    summary: Every person signs in through single sign-on with a security key.\n",
         "    summary: |\n      Public text.\n\n      ::: confidential\n      ZQXSECRET\n      :::\n",
         ["content/controls/controls.yaml:7:1: error: " + message("summary"), "content/controls/controls.yaml:9:1: error: " + message("summary")]),
        ("policies/access-control.md", "public_summary: Who may access what, and how access is granted and removed.\n",
         "public_summary: \"Public.\\n::: confidential\\nZQXSECRET\\n:::\"\n",
         ["content/policies/access-control.md:9:17: error: " + message("public_summary") + " (line 2 of 'public_summary')",
          "content/policies/access-control.md:9:17: error: " + message("public_summary") + " (line 4 of 'public_summary')"]),
        // Second review: single-line fields shown publicly were not checked.
        ("policies/access-control.md", "version: \"2.10\"\n", "version: \"2.10\\n::: confidential\\nZQXSECRET\\n:::\"\n",
         ["content/policies/access-control.md:3:10: error: " + message("version") + " (line 2 of 'version')",
          "content/policies/access-control.md:3:10: error: " + message("version") + " (line 4 of 'version')"]),
        ("certifications/iso27001.yaml", "soa_version: \"1.2\"\n", "soa_version: \"1.2 ::: confidential ZQXSECRET\"\n",
         ["content/certifications/iso27001.yaml:15:14: error: " + message("soa_version")]),
        ("subprocessors.yaml", "    purpose: Hosting\n", "    purpose: \"::: confidential ZQXSECRET :::\"\n",
         ["content/subprocessors.yaml:3:14: error: " + message("purpose")]),
    ]

    @Test("A fence in a public field fails the build at its line", arguments: cases)
    func inSite(_ file: String, _ old: String, _ new: String, _ expected: [String]) throws {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content) }
        let url = content.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        let found = descriptions(diagnosticsOfFailedCheck(makeBuilder(content: content, display: "content")).filter { $0.severity == .error })
        #expect(found == expected.joined(separator: "\n"))
    }
}
