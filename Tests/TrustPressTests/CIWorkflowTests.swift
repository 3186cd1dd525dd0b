import Foundation
import Testing
import Yams

/// docs/ci.md's workflow is what users copy into their content repository: it must parse, check
/// pull requests with annotations, build on main and on a schedule, and upload only the public site.
@Suite("The CI workflow of docs/ci.md")
struct CIWorkflowTests {
    /// The one ```yaml block of docs/ci.md, parsed.
    static func workflow() throws -> [String: Any] {
        let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("docs/ci.md"), encoding: .utf8)
        let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        try #require(blocks.count == 1, "docs/ci.md should hold one yaml block")
        return try #require(try Yams.load(yaml: blocks[0]) as? [String: Any])
    }

    @Test("pull requests run check --format github; main and a daily schedule build and deploy only Output/public")
    func workflowShape() throws {
        let workflow = try Self.workflow()
        // YAML 1.1 reads the key `on` as true; Yams gives it back as the string "on" or as true.
        let triggers = try #require((workflow["on"] ?? workflow["true"]) as? [String: Any])
        #expect(triggers.keys.contains("pull_request"))
        #expect(((triggers["push"] as? [String: Any])?["branches"] as? [String]) == ["main"])
        #expect(((triggers["schedule"] as? [[String: Any]])?.first?["cron"] as? String) != nil)
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        let steps = { (job: String) in (jobs[job]?["steps"] as? [[String: Any]]) ?? [] }
        let runs = { (job: String) in steps(job).compactMap { $0["run"] as? String }.joined(separator: "\n") }
        #expect(runs("check").contains("trustpress check") && runs("check").contains("--format github"))
        #expect(runs("build").contains("trustpress build") && runs("build").contains("--date"))
        let uploads = jobs.values.flatMap { ($0["steps"] as? [[String: Any]]) ?? [] }
            .filter { ($0["uses"] as? String)?.contains("upload") == true }
        #expect(uploads.count == 1)
        let with = try #require(uploads.first?["with"] as? [String: Any])
        #expect(with["path"] as? String == "Output/public")
        #expect(with["include-hidden-files"] as? Bool == true, "without it .well-known/security.txt is dropped")
        // Nothing of the bundle is uploaded, cached or published anywhere.
        for step in jobs.values.flatMap({ ($0["steps"] as? [[String: Any]]) ?? [] }) where step["uses"] != nil {
            #expect(!"\(step["with"] ?? "")".contains("confidential"), "\(step)")
        }
        #expect(jobs["deploy"]?["needs"] as? String == "build")
    }
}
