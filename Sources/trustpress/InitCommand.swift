import ArgumentParser
import Foundation
import TrustPressCore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter program (policies, controls, site.yaml, SoA) into an empty folder.",
        discussion: """
        Examples:
          trustpress init my-program --organization "Fernwick Labs"
          trustpress init . --frameworks iso27001-2022
          trustpress init my-program --frameworks none
          trustpress init my-program --frameworks soc2-2017,nist-csf-2.0,hipaa-security

        Writes README.md, .gitignore and Content/ (site.yaml with .example addresses, three starter policies, unified controls mapped to the chosen frameworks). With ISO/IEC 27001 it adds applicability.yaml, every Annex A control 'applicable: undecided'. With NIST CSF 2.0, NIST SP 800-53 or the HIPAA Security Rule it adds programs.yaml, declaring them commented out: a declaration is public, so uncomment one when it is true. The result passes 'trustpress check' with no errors. DIR must be empty or missing; only a .git folder may already be there. Nothing is ever overwritten: a non-empty DIR, a file in the way or a symbolic link is refused (exit 2) and nothing is written. No certificate or SOC 2 report is written: add them when they exist.
        """)

    @Argument(help: "The program's folder (created if missing; otherwise it must be empty but for .git).")
    var directory = "."

    @Option(help: "The organization's name; the .example addresses are derived from it.")
    var organization = Starter.defaultOrganization

    @Option(help: "Catalog ids separated by commas (iso27001-2022, soc2-2017, nist-csf-2.0, nist-sp800-53-r5, hipaa-security), or 'none'.")
    var frameworks = "iso27001-2022,soc2-2017"

    @Option(help: ArgumentHelp("Date the starter is written for, YYYY-MM-DD (security.txt expires 11 months later).",
                               discussion: "Default: SOURCE_DATE_EPOCH if set, else today (UTC)."))
    var date: String?

    func run() throws {
        let buildDate = try ContentOptions.parse(date.map { ["--date", $0] } ?? []).buildDate()
        do {
            let catalogs = try Starter.shippedCatalogs()
            let starter = try Starter(organization: organization, frameworks: try Starter.frameworks(frameworks, catalogs: catalogs),
                                      date: buildDate, catalogs: catalogs)
            let written = try starter.write(into: URL(fileURLWithPath: directory), display: directory)
            print("Wrote \(written.count) files to \(directory):")
            for path in written { print("  \(path)") }
            print("\nNext steps:")
            if directory != "." { print("  cd \(Self.shellQuoted(directory))") }
            print("  trustpress check")
            print("  trustpress build")
            print("  trustpress serve      # preview at http://127.0.0.1:8000, reloads on every save")
            print("Then read README.md: what to decide first, and how to publish.")
        } catch let refusal as Starter.Refusal {
            StandardStream.error(Data("\(refusal)\n".utf8))
            throw ExitCode(Status.usage)
        }
    }

    /// `my-program`, or `'my program'` when the path needs quoting in a POSIX shell.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./".unicodeScalars.contains($0)) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
