import Foundation
import Testing
@testable import TrustPressCore

/// `trustpress check` gives a precise diagnostic for every bad input: one small site per case in
/// `Fixtures/bad-input/<case>/`, each with the exact lines the check must print.
///
/// A case folder holds:
/// - `content/` — laid over `Fixtures/bad-input/_base/content/` (a valid tiny site: `site.yaml` and one
///   control). Two marker files: `<name>.delete` (empty) removes `<name>` from the base;
///   `<name>.include` holds the name of a file in `Fixtures/bad-input/_shared/` to copy to `<name>`
///   (e.g. `applicability.yaml.include` → `applicability-all-decided.yaml`, the SoA a certificate
///   needs). A case without `content/` checks the base as it is.
/// - `expected.txt` — every diagnostic, one line each (notes included), exactly as `trustpress check
///   --content content` prints them. Empty: the input is accepted without any diagnostic. When a
///   line says `error:`, the check must fail and a build must write nothing; otherwise the check must
///   pass with exactly these warnings and notes.
/// - `date.txt` — optional build date (`YYYY-MM-DD`); default 2026-11-30.
/// - `known-issue.txt` — optional: `expected.txt` holds the correct behaviour, which the product does
///   not have yet; the text (starting `BUG:`) describes the bug. The case runs inside `withKnownIssue`,
///   so it fails once the bug is fixed: then delete `known-issue.txt`.
///
/// Re-record with `TRUSTPRESS_RECORD=1 swift test --filter BadInputFixtureTests`: the run writes
/// `expected.txt` of every case (except known issues) into the source tree and fails on purpose.
/// Review every changed line by hand (line, column, wording, suggestion) before accepting it.
@Suite("Bad input fixtures")
struct BadInputFixtureTests {
    static let folderName = "bad-input"
    static let defaultDate = CalendarDate(year: 2026, month: 11, day: 30)

    static var root: URL { Paths.fixture(folderName) }

    /// Every case folder (not `_base` or `_shared`, nothing hidden), sorted.
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Paths.fixture(folderName).path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix("_") && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: Paths.fixture(folderName).appendingPathComponent(name).path,
                                                  isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["TRUSTPRESS_RECORD"] == "1" }

    /// One case, ready to check.
    struct Prepared {
        /// Temporary folder holding `content/` (remove it when done).
        let folder: URL
        let date: CalendarDate
        var content: URL { folder.appendingPathComponent("content") }

        func builder(output: URL? = nil) -> Builder {
            makeBuilder(content: content, display: "content", output: output, date: date)
        }
    }

    /// Copies the base, lays the case's `content/` over it and reads its build date.
    static func prepare(_ name: String) throws -> Prepared {
        let fm = FileManager.default
        let caseFolder = root.appendingPathComponent(name)
        let folder = try makeTemporaryFolder("fixture-\(name)")
        let content = folder.appendingPathComponent("content")
        try fm.copyItem(at: root.appendingPathComponent("_base/content"), to: content)

        let overlay = caseFolder.appendingPathComponent("content")
        if let walker = fm.enumerator(atPath: overlay.path) {
            while let relative = walker.nextObject() as? String {
                let source = overlay.appendingPathComponent(relative)
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: source.path, isDirectory: &isDir), !isDir.boolValue else { continue }
                if relative.hasSuffix(".include") {
                    let shared = try String(contentsOf: source, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                    let from = root.appendingPathComponent("_shared").appendingPathComponent(shared)
                    guard !shared.isEmpty, !shared.contains("/"), fm.fileExists(atPath: from.path) else {
                        throw FixtureError("\(name): \(relative) names '\(shared)', which is not a file in _shared/")
                    }
                    let target = content.appendingPathComponent(String(relative.dropLast(".include".count)))
                    try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                    try fm.copyItem(at: from, to: target)
                    continue
                }
                if relative.hasSuffix(".delete") {
                    let target = content.appendingPathComponent(String(relative.dropLast(".delete".count)))
                    guard fm.fileExists(atPath: target.path) else {
                        throw FixtureError("\(name): \(relative) deletes a file the base does not have")
                    }
                    try fm.removeItem(at: target)
                    continue
                }
                let target = content.appendingPathComponent(relative)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.copyItem(at: source, to: target)
            }
        }

        var date = defaultDate
        if let text = try? String(contentsOf: caseFolder.appendingPathComponent("date.txt"), encoding: .utf8) {
            guard let parsed = CalendarDate(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw FixtureError("\(name)/date.txt: '\(text)' is not YYYY-MM-DD")
            }
            date = parsed
        }
        return Prepared(folder: folder, date: date)
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The text of `name` in the case folder, or nil.
    static func text(_ name: String, of caseName: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(caseName).appendingPathComponent(name), encoding: .utf8)
    }

    @Test("Each bad input gives exactly the diagnostics in its expected.txt", arguments: cases)
    func fixture(_ name: String) async throws {
        let knownIssue = Self.text("known-issue.txt", of: name)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let prepared = try Self.prepare(name)
        defer { removeTemporaryFolder(prepared.folder) }

        // What the check prints, and whether it failed.
        let actual: String, failed: Bool
        do {
            let (_, warnings) = try prepared.builder().check()
            (actual, failed) = (descriptions(warnings), false)
        } catch let error as DiagnosticsError {
            (actual, failed) = (descriptions(error.diagnostics), true)
        }

        if Self.recording, knownIssue == nil {
            let url = Paths.sourceFixtures.appendingPathComponent(Self.folderName)
                .appendingPathComponent(name).appendingPathComponent("expected.txt")
            try Data((actual.isEmpty ? "" : actual + "\n").utf8).write(to: url)
            Issue.record(Comment(rawValue: "Re-recorded \(url.path) because TRUSTPRESS_RECORD=1. This run fails on purpose: "
                                 + "review every line by hand, then run the tests without TRUSTPRESS_RECORD."))
            return
        }

        guard let expectedText = Self.text("expected.txt", of: name) else {
            Issue.record("\(name) has no expected.txt; record it with TRUSTPRESS_RECORD=1 swift test")
            return
        }
        let expected = expectedText.trimmingCharacters(in: .newlines)
        let expectsErrors = expected.split(separator: "\n").contains { $0.contains(": error: ") }

        try await Self.withKnownIssueIf(knownIssue) {
            #expect(actual == expected, "\(name): the check's diagnostics differ from expected.txt")
            #expect(failed == expectsErrors,
                    "\(name): the check \(failed ? "failed" : "passed") but expected.txt \(expectsErrors ? "has" : "has no") errors")
            guard expectsErrors else { return }
            guard failed else {
                Issue.record("\(name): the check passed, so a build would write the site despite the expected errors")
                return
            }

            // A build with errors writes nothing, not even the output folder, and says the same.
            let output = prepared.folder.appendingPathComponent("out")
            do {
                _ = try await prepared.builder(output: output).build()
                Issue.record("\(name): the build succeeded despite errors")
            } catch let error as DiagnosticsError {
                #expect(descriptions(error.diagnostics) == actual, "\(name): the build's diagnostics differ from the check's")
            }
            #expect(!FileManager.default.fileExists(atPath: output.path), "\(name): the failed build wrote \(output.path)")
        }
    }

    /// Runs `body` inside `withKnownIssue` when the case has a known issue, else plainly.
    static func withKnownIssueIf(_ issue: String?, _ body: () async throws -> Void) async throws {
        if let issue {
            await withKnownIssue(Comment(rawValue: issue)) { try await body() }
        } else {
            try await body()
        }
    }

    @Test("Every case folder is well formed: expected.txt, a valid date.txt, a known issue that says BUG")
    func caseFolders() throws {
        #expect(Self.cases.count >= 50, "found only \(Self.cases.count) cases in \(Self.root.path)")
        for name in Self.cases {
            #expect(Self.text("expected.txt", of: name) != nil, "\(name) has no expected.txt")
            if let issue = Self.text("known-issue.txt", of: name) {
                #expect(issue.hasPrefix("BUG: "), "\(name)/known-issue.txt must start with 'BUG: '")
            }
            let extra = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(name).path)
                .filter { !["content", "expected.txt", "date.txt", "known-issue.txt"].contains($0) }
            #expect(extra.isEmpty, "\(name) holds unexpected files: \(extra)")
        }
    }

    @Test("The base site alone is accepted without any diagnostic")
    func baseIsClean() throws {
        let prepared = try Self.prepare("_base")
        defer { removeTemporaryFolder(prepared.folder) }
        let (_, warnings) = try prepared.builder().check()
        #expect(descriptions(warnings) == "")
    }

    /// YAML 1.1 would read `no` as false and `1.10` as 1.1; TrustPress reads every such value as the text written.
    @Test("YAML 1.1 look-alikes are decoded as the text written")
    func yaml11LookAlikesStayText() throws {
        let prepared = try Self.prepare("schema-yaml11-lookalikes-accepted")
        defer { removeTemporaryFolder(prepared.folder) }
        let (model, _) = try prepared.builder().check()

        let policy = try #require(model.policies.first { $0.id == "yaml11" })
        #expect(policy.title == "y")
        #expect(policy.version == "1.10")
        #expect(policy.owner == "no")
        #expect(policy.controls == ["5.10", "010"])
        let version = try #require(model.controls.first { $0.id == "5.10" })
        #expect(version.title == "yes")
        #expect(version.owner == "no")
        let octal = try #require(model.controls.first { $0.id == "010" })
        #expect(octal.title == "on")
        #expect(octal.owner == "off")
    }

    /// A UTF-8 BOM and CRLF line endings leave no trace in the decoded content.
    @Test("A BOM and CRLF line endings leave no trace in the model")
    func bomAndCRLFLeaveNoTrace() throws {
        let prepared = try Self.prepare("syntax-bom-crlf-accepted")
        defer { removeTemporaryFolder(prepared.folder) }
        let (model, _) = try prepared.builder().check()
        #expect(model.site.organization.name == "Tiny")
        #expect(model.site.securityTxt.expires == "2027-06-30T00:00:00Z")
        let policy = try #require(model.policies.first { $0.id == "windows" })
        #expect(policy.title == "Windows Policy")
        #expect(policy.version == "1.0")
        #expect(policy.bodyFirstLine == 8)
        #expect(!policy.body.contains("\r") && !policy.body.contains("\u{FEFF}"))
        #expect(policy.segments.count == 3)
        #expect(policy.segments[1] == .confidential("Secret part."))
    }

    /// An RFC 3339 date-time in a date field keeps the date as written, whatever its offset.
    @Test("A date-time in a date field keeps its written date")
    func dateTimeKeepsWrittenDate() throws {
        let prepared = try Self.prepare("dates-rfc3339-date-time-accepted")
        defer { removeTemporaryFolder(prepared.folder) }
        let (model, _) = try prepared.builder().check()
        let policy = try #require(model.policies.first)
        #expect(policy.approved == CalendarDate(year: 2026, month: 5, day: 20))
        #expect(policy.nextReview == CalendarDate(year: 2027, month: 5, day: 20))
    }
}
