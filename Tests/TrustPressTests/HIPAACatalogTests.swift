import Foundation
import Testing
@testable import TrustPressCore

/// The shipped HIPAA Security Rule catalog against the regulation's text (45 CFR §§ 164.308–164.316,
/// Fixtures/hipaa/45-CFR-164-subpart-C.txt, public domain).
@Suite("HIPAA Security Rule catalog")
struct HIPAACatalogTests {
    static func catalog() throws -> Catalog {
        var log = DiagnosticLog()
        let catalog = ShippedCatalogs.loadWhenNamed(referenced: ["hipaa-security"], log: &log).first?.value
        #expect(log.all.isEmpty, "\(descriptions(log.all))")
        return try #require(catalog)
    }

    /// One standard or implementation specification as the regulation's text prints it.
    struct Printed: Equatable, CustomStringConvertible {
        let section: String
        let title: String
        /// nil for a standard.
        let implementation: String?
        var description: String { "§ \(section) \(title) \(implementation ?? "standard")" }
    }

    /// From the text: every "Standard: Title." and every "Title (Required)." / "(Addressable).", per section.
    static func printed() throws -> [Printed] {
        let text = try String(contentsOf: Paths.fixture("hipaa/45-CFR-164-subpart-C.txt"), encoding: .utf8)
        let standard = try NSRegularExpression(pattern: #"^\([^ ]+\) Standard: ([^.]+)\."#)
        let specification = try NSRegularExpression(
            pattern: #"^\([^ ]+\) (?:Implementation specifications?: )?([^()]+?) \((Required|Addressable)\)\."#)
        var section = "", found: [Printed] = []
        for line in text.split(separator: "\n").map(String.init).dropFirst() {
            if line.hasPrefix("§ ") { section = String(line.dropFirst(2).prefix { $0 != " " }); continue }
            let range = NSRange(line.startIndex..., in: line)
            func group(_ m: NSTextCheckingResult, _ i: Int) -> String { String(line[Range(m.range(at: i), in: line)!]) }
            if let m = standard.firstMatch(in: line, range: range) {
                found.append(Printed(section: section, title: group(m, 1), implementation: nil))
            } else if let m = specification.firstMatch(in: line, range: range) {
                found.append(Printed(section: section, title: group(m, 1), implementation: group(m, 2).lowercased()))
            }
        }
        return found
    }

    @Test("Counts per section, recounted from the regulation's text: 22 standards, 21 required and 22 addressable specifications")
    func counts() throws {
        let catalog = try Self.catalog()
        #expect(catalog.name == "HIPAA Security Rule (45 CFR Part 164, Subpart C)" && catalog.shortName == "HIPAA Security Rule")
        let groups = ["164.308": "administrative", "164.310": "physical", "164.312": "technical",
                      "164.314": "organizational", "164.316": "documentation"]
        let printed = try Self.printed()
        for (section, group) in groups {
            let ours = catalog.requirements.filter { $0.group == group }
            #expect(ours.allSatisfy { $0.id.hasPrefix(section + "(") }, "\(section)")
            let theirs = printed.filter { $0.section == section }
            // § 164.308(b)(1) is printed without "Standard:" since 2013 (Appendix A lists it as one).
            let standards = theirs.filter { $0.implementation == nil }.count + (section == "164.308" ? 1 : 0)
            #expect(ours.filter { $0.implementation == nil }.count == standards, "\(section)")
            // § 164.314 marks its specifications "(Required)" once, on the heading of each list.
            guard section != "164.314" else { continue }
            for mark in Catalog.Requirement.Specification.allCases {
                #expect(ours.filter { $0.implementation == mark }.count == theirs.filter { $0.implementation == mark.rawValue }.count,
                        "\(section) \(mark)")
            }
        }
        #expect(catalog.requirements.filter { $0.implementation == nil }.count == 22)
        #expect(catalog.requirements.filter { $0.implementation == .required }.count == 21)
        #expect(catalog.requirements.filter { $0.implementation == .addressable }.count == 22)
    }

    @Test("Each standard and specification carries the regulation's own heading and mark, in its order")
    func titles() throws {
        let catalog = try Self.catalog()
        let ours = catalog.requirements.filter { !$0.id.hasPrefix("164.314") && $0.id != "164.308(b)(1)" }.map { r in
            Printed(section: String(r.id.prefix { $0 != "(" }), title: r.title, implementation: r.implementation?.rawValue)
        }
        let theirs = try Self.printed().filter { $0.section != "164.314" }
        #expect(ours.count == theirs.count)
        for (a, b) in zip(ours, theirs) { #expect(a.title.lowercased() == b.title.lowercased() && a == Printed(section: b.section, title: a.title, implementation: b.implementation), "\(a) ≠ \(b)") }
    }

    @Test("§ 164.314's four required specifications, and the ids the regulation prints")
    func organizational() throws {
        let catalog = try Self.catalog()
        let specs = catalog.requirements.filter { $0.group == "organizational" && $0.implementation != nil }
        #expect(specs.count == 4 && specs.allSatisfy { $0.implementation == .required })
        for id in ["164.308(a)(1)", "164.308(a)(1)(ii)(A)", "164.310(d)(1)", "164.312(a)(2)(iv)", "164.316(b)(2)(iii)"] {
            #expect(catalog.requirement(id) != nil, "\(id)")
        }
    }

    @Test("In a site: HIPAA is read when named, and the bundle marks each uncovered specification required or addressable")
    func inASite() async throws {
        // 164.308(a)(1)(i) is where the CFR prints the standard: read as 164.308(a)(1).
        let site = try ShippedNISTCatalogTests.miniSite(mapping: "hipaa-security: [\"164.308(a)(1)(i)\", \"164.308(a)(1)(ii)(A)\"]")
        defer { removeTemporaryFolder(site.deletingLastPathComponent()) }
        try Data("programs:\n  - framework: hipaa-security\n    status: in-progress\n".utf8).write(to: site.appendingPathComponent("programs.yaml"))
        let builder = makeBuilder(content: site, display: "site")
        let (model, _) = try builder.check()
        let coverage = try #require(Coverage.of(model).first { $0.framework == "hipaa-security" })
        #expect(coverage.inScope.count == 65 && coverage.coveredCount == 2)
        #expect(model.controls.first { $0.id == "NIST-1" }?.mapsTo["hipaa-security"] == ["164.308(a)(1)", "164.308(a)(1)(ii)(A)"])
        let mapping = try #require(try await builder.render().bundleFiles.first { $0.path == "mapping.html" }).text
        #expect(mapping.contains("<li><span class=\"id\">164.308(a)(1)(ii)(B)</span> Risk management <span class=\"badge\">Required</span></li>"))
        #expect(mapping.contains("<li><span class=\"id\">164.308(a)(3)(ii)(A)</span> Authorization and/or supervision <span class=\"badge\">Addressable</span></li>"))
        #expect(mapping.contains("<li><span class=\"id\">164.308(a)(2)</span> Assigned security responsibility</li>"), "a standard has no mark")
    }
}
