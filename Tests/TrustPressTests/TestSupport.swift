import Crypto
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import TrustPressCore

/// Where things are: the package root (for the sample `Content/` and `Templates/`), the fixtures
/// copied into the test bundle, and the fixtures in the source tree (for re-recording goldens).
enum Paths {
    /// `Tests/TrustPressTests/` in the source tree.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The package root (holds `Package.swift`).
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let content = packageRoot.appendingPathComponent("Content")
    static let templates = packageRoot.appendingPathComponent("Templates")

    /// `Fixtures/` as copied into the test bundle (`resources: [.copy("Fixtures")]`).
    static var fixtures: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the Fixtures folder is missing from the test bundle")
        }
        return url
    }

    /// `Fixtures/` in the source tree: where a recording run writes the goldens.
    static let sourceFixtures = testsFolder.appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }
}

/// The fixed build date of every test build (the sample content is written for it).
let testDate = CalendarDate(year: 2026, month: 11, day: 30)

/// A builder for `content` with the built-in theme (equal to the repo's Templates/: see ThemeTests)
/// and the fixed date.
func makeBuilder(content: URL, display: String? = nil, output: URL? = nil, date: CalendarDate = testDate,
                 recipient: String? = nil, nda: String? = nil, force: Bool = false, archive: Bool = false) -> Builder {
    Builder(options: .init(
        content: content, contentDisplay: display ?? content.path,
        output: output ?? FileManager.default.temporaryDirectory.appendingPathComponent("trustpress-unused-\(UUID().uuidString)"),
        buildDate: date, recipient: recipient, ndaReference: nda, force: force, archive: archive))
}

/// A fresh, empty temporary folder; remove it with `removeTemporaryFolder`.
func makeTemporaryFolder(_ label: String = "tmp") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("trustpress-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    // Resolve /var → /private/var style symlinks so paths printed by the tool compare equal.
    return url.resolvingSymlinksInPath()
}

func removeTemporaryFolder(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}

/// Writes `files` (relative path → UTF-8 contents) below `root`, creating folders as needed.
func writeFiles(_ files: [String: String], into root: URL) throws {
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

/// Every regular file below `root` (hidden ones included), relative path → bytes.
func readTree(_ root: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: root.path) else { return [:] }
    while let relative = walker.nextObject() as? String {
        var isDir: ObjCBool = false
        let full = root.appendingPathComponent(relative).path
        guard fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
        result[relative] = fm.contents(atPath: full)
    }
    return result
}

/// Copies a fixture folder into a fresh temporary folder (so a test can change it freely).
func copyFixture(_ name: String) throws -> URL {
    let dir = try makeTemporaryFolder(name)
    let target = dir.appendingPathComponent(name)
    try FileManager.default.copyItem(at: Paths.fixture(name), to: target)
    return target
}

extension RenderedFile {
    var text: String { String(decoding: contents, as: UTF8.self) }
}

extension Array where Element == RenderedFile {
    /// The file at `path`, or nil.
    subscript(path path: String) -> RenderedFile? { first { $0.path == path } }
    var paths: [String] { map(\.path) }
}

/// The sample content's model and warnings (computed once; `check()` is pure).
enum Sample {
    static let checked: Result<(TrustModel, [Diagnostic]), any Error> = Result {
        try makeBuilder(content: Paths.content, display: "Content").check()
    }

    static func model() throws -> TrustModel { try checked.get().0 }

    /// One render of the sample content (internal bundle, fixed date), shared by the tests that only read it.
    static let rendered = Task { try await makeBuilder(content: Paths.content, display: "Content").render() }

    static func render() async throws -> Builder.Result { try await rendered.value }
}

/// The expected text of a diagnostic list, compared as one string so a failure shows every line.
func descriptions(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.sorted().map(\.description).joined(separator: "\n")
}

/// The diagnostics of a failed check, or an empty list (with a recorded issue) when it succeeded.
func diagnosticsOfFailedCheck(_ builder: Builder, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        let (_, warnings) = try builder.check()
        Issue.record("expected the check to fail; it passed with \(warnings.count) warning(s)", sourceLocation: sourceLocation)
        return []
    } catch let error as DiagnosticsError {
        return error.diagnostics
    } catch {
        Issue.record("expected DiagnosticsError, got \(error)", sourceLocation: sourceLocation)
        return []
    }
}

/// HTML escaping as the Mustache renderer does it for `{{value}}`.
func mustacheEscaped(_ s: String) -> String {
    var out = ""
    for ch in s {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}

/// HTML escaping as cmark-gfm does it for text (apostrophes stay).
func cmarkEscaped(_ s: String) -> String {
    mustacheEscaped(s).replacingOccurrences(of: "&#39;", with: "'")
}

/// The forms in which `needle` would show up in a rendered file.
func renderedForms(of needle: String) -> Set<String> {
    [needle, mustacheEscaped(needle), cmarkEscaped(needle)]
}

/// A minimal valid `site.yaml`.
let minimalSiteYAML = """
organization:
  name: Tiny
  legal_name: Tiny Labs, Inc.
  website: https://tiny.example
trust_center:
  title: Tiny Trust Center
  description: Tiny is a small company.
  url: https://trust.tiny.example/
  contact_email: security@tiny.example
  access_request_url: mailto:trust@tiny.example
security_txt:
  contacts:
    - mailto:security@tiny.example
  expires: 2027-06-30T00:00:00Z

"""

/// SHA-256 as lowercase hex, from swift-crypto, to check the manifest against the bytes on disk.
func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// UTF-8 text searched with memchr/memcmp: fast enough to look up thousands of needles in a whole site.
struct ByteText {
    let bytes: [UInt8]
    init(_ text: String) { bytes = Array(text.utf8) }

    func contains(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        if n.isEmpty { return true }
        guard n.count <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { h in
            n.withUnsafeBufferPointer { p in
                guard let hBase = h.baseAddress, let pBase = p.baseAddress else { return false }
                var start = 0
                let last = h.count - p.count
                while start <= last {
                    // Jump to the next occurrence of the first byte, then compare the rest.
                    guard let hit = memchr(hBase + start, Int32(pBase.pointee), last - start + 1) else { return false }
                    let i = hBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hBase + i, pBase, p.count) == 0 { return true }
                    start = i + 1
                }
                return false
            }
        }
    }
}

/// A copy of the mini site whose first control's `implementation` starts with the Markdown lines
/// `lines` (each indented into the block scalar), for tests of the Markdown fields of YAML files.
/// - Returns: the content folder (remove it after use) and the line of `implementation:` in
///   `controls/controls.yaml`.
func miniSite(withImplementationLines lines: [String]) throws -> (content: URL, keyLine: Int) {
    let content = try copyFixture("mini-site")
    let url = content.appendingPathComponent("controls/controls.yaml")
    var yaml = try String(contentsOf: url, encoding: .utf8)
    let range = try #require(yaml.range(of: "    implementation: |\n"))
    let line = yaml[..<range.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
    yaml.replaceSubrange(range, with: "    implementation: |\n" + lines.map { "      " + $0 + "\n" }.joined())
    try yaml.write(to: url, atomically: true, encoding: .utf8)
    return (content, line)
}

/// What a finished process printed, and its exit status.
struct ProcessRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `executable` with `arguments` in `folder`, this process's environment with `environment`
/// over it and the `removing` variables taken out; output goes through files, so a long output
/// cannot block on a full pipe.
func runProcess(_ executable: String, _ arguments: [String], in folder: URL, environment: [String: String] = [:],
                removing: [String] = []) throws -> ProcessRun {
    let out = folder.appendingPathComponent(".stdout-\(UUID().uuidString)")
    let err = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
    try Data().write(to: out)
    try Data().write(to: err)
    defer {
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var env = ProcessInfo.processInfo.environment
    for key in removing { env[key] = nil }
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return ProcessRun(status: process.terminationStatus,
                      stdout: String(decoding: FileManager.default.contents(atPath: out.path) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: err.path) ?? Data(), as: UTF8.self))
}
