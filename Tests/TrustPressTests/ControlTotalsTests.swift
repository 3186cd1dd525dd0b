import Foundation
import Testing
@testable import TrustPressCore

/// Control counts are computed once (`ControlTotals`) and hiding statuses from the controls page
/// (`trust_center.public_control_statuses`) never reduces a total.
@Suite("Control totals")
struct ControlTotalsTests {
    typealias S = ImplementationStatus

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let statuses: [S]
        let listed: Set<S>
        let total: Int, implemented: Int, listedCount: Int, hidden: Int
        let byStatus: [S: Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no controls", statuses: [], listed: Set(S.allCases),
             total: 0, implemented: 0, listedCount: 0, hidden: 0,
             byStatus: [.implemented: 0, .partiallyImplemented: 0, .planned: 0, .notImplemented: 0]),
        Case(name: "every status listed (the default)", statuses: [.implemented, .implemented, .planned, .notImplemented],
             listed: Set(S.listedByDefault),
             total: 4, implemented: 2, listedCount: 4, hidden: 0,
             byStatus: [.implemented: 2, .partiallyImplemented: 0, .planned: 1, .notImplemented: 1]),
        Case(name: "only implemented listed: the others still count", statuses: Array(repeating: .implemented, count: 40)
             + Array(repeating: .planned, count: 7) + Array(repeating: .notImplemented, count: 5),
             listed: [.implemented],
             total: 52, implemented: 40, listedCount: 40, hidden: 12,
             byStatus: [.implemented: 40, .partiallyImplemented: 0, .planned: 7, .notImplemented: 5]),
        Case(name: "nothing listed: totals unchanged", statuses: [.implemented, .partiallyImplemented, .planned],
             listed: [],
             total: 3, implemented: 1, listedCount: 0, hidden: 3,
             byStatus: [.implemented: 1, .partiallyImplemented: 1, .planned: 1, .notImplemented: 0]),
        Case(name: "implemented hidden, in progress listed", statuses: [.implemented, .partiallyImplemented, .planned, .planned],
             listed: [.partiallyImplemented, .planned],
             total: 4, implemented: 1, listedCount: 3, hidden: 1,
             byStatus: [.implemented: 1, .partiallyImplemented: 1, .planned: 2, .notImplemented: 0]),
    ]

    @Test("Totals count every control by status, listed or hidden", arguments: cases)
    func totals(_ c: Case) {
        let t = ControlTotals(statuses: c.statuses, listed: c.listed)
        #expect(t.total == c.total)
        #expect(t.implemented == c.implemented)
        #expect(t.listed == c.listedCount)
        #expect(t.hidden == c.hidden)
        #expect(t.byStatus == c.byStatus)
        #expect(t.byStatus.values.reduce(0, +) == t.total)
    }

    @Test("A control counts once however many requirements of a group or framework it serves")
    func distinctByID() {
        let t = ControlTotals(controls: [(id: "A", status: .implemented), (id: "B", status: .planned), (id: "A", status: .implemented)],
                              listed: [.implemented])
        #expect(t.total == 2 && t.implemented == 1 && t.listed == 1 && t.hidden == 1)
    }

    /// The mini site (3 controls: implemented, partially implemented, planned) with `site.yaml`'s
    /// trust_center extended by `extra` lines.
    func render(trustCenter extra: String?) async throws -> (PublicSite, String) {
        let content = try copyFixture("mini-site")
        defer { removeTemporaryFolder(content.deletingLastPathComponent()) }
        if let extra {
            let url = content.appendingPathComponent("site.yaml")
            let site = try String(contentsOf: url, encoding: .utf8)
            try site.replacingOccurrences(of: "  access_request_url: mailto:trust@minnow.example\n",
                                          with: "  access_request_url: mailto:trust@minnow.example\n" + extra + "\n")
                .write(to: url, atomically: true, encoding: .utf8)
        }
        let builder = makeBuilder(content: content, display: "mini-site")
        let (model, _) = try builder.check()
        let result = try await builder.render()
        return (PublicSite(model), try #require(result.publicFiles[path: "controls.html"]).text)
    }

    @Test("The public OSCAL export leaves hidden statuses out and says how many, as the controls page does")
    func oscalSaysWhatIsHidden() async throws {
        let (shown, _) = try await render(trustCenter: "  public_control_statuses: [implemented]")
        let json = try #require(try JSONSerialization.jsonObject(with: OSCALExport.publicDocument(shown, catalogs: [])) as? [String: Any])
        let definition = try #require(json["component-definition"] as? [String: Any])
        let remarks = try #require((definition["metadata"] as? [String: Any])?["remarks"] as? String)
        #expect(remarks.hasSuffix("The trust center lists the controls whose status is implemented: 2 of 3 controls are not listed here."))
        let (all, _) = try await render(trustCenter: nil)
        let allJSON = String(decoding: OSCALExport.publicDocument(all, catalogs: []), as: UTF8.self)
        #expect(!allJSON.contains("not listed here"))
    }

    @Test("Hiding statuses lists fewer controls but keeps every total, on the page and in the projection")
    func hidingKeepsTotals() async throws {
        let (all, allPage) = try await render(trustCenter: nil)
        let (shown, page) = try await render(trustCenter: "  public_control_statuses: [implemented]")

        #expect(all.listedControlStatuses == S.allCases)
        #expect(shown.listedControlStatuses == [.implemented])
        #expect(all.controlTotals == ControlTotals(statuses: [.implemented, .partiallyImplemented, .planned], listed: Set(S.allCases)))
        #expect(shown.controlTotals.total == 3 && shown.controlTotals.implemented == 1 && shown.controlTotals.hidden == 2)
        for (a, s) in zip(all.controlFrameworks, shown.controlFrameworks) {
            #expect(a.totals.total == s.totals.total && a.totals.byStatus == s.totals.byStatus)
            #expect(a.groups.map(\.id) == s.groups.map(\.id), "a group whose controls are all hidden is still shown with its counts")
            for (ga, gs) in zip(a.groups, s.groups) {
                #expect(ga.totals.byStatus == gs.totals.byStatus)
                #expect(gs.controls.allSatisfy { $0.status == .implemented })
                #expect(gs.totals.hidden == ga.controls.count - gs.controls.count)
            }
        }
        let iso = try #require(shown.controlFrameworks.first { $0.framework == "iso27001-2022" })
        #expect(iso.totals.total == 3 && iso.totals.listed == 1 && iso.totals.hidden == 2)
        #expect(iso.groups.map { "\($0.id) \($0.totals.total)/\($0.controls.count)" }
            == ["clauses 1/0", "organizational 2/1", "technological 2/1"])

        #expect(page.contains("<strong>3 controls</strong>, 1 implemented; 2 not listed here."))
        #expect(page.contains("This page lists controls with these statuses: Implemented. Every count includes the controls not listed."))
        #expect(!page.contains("MINI-GOV-01") && !page.contains("MINI-OPS-01") && page.contains("MINI-IAM-01"))
        #expect(allPage.contains("<strong>3 controls</strong>, 1 implemented."))
        #expect(!allPage.contains("not listed"))
    }
}
