import Foundation

/// `trustpress init`: a starter program that passes `trustpress check` with no errors and builds.
///
/// Layout: `README.md` and `.gitignore` for the program's own repository, and the content in
/// `Content/` (the default `--content`, so `check` and `build` work with no options from the
/// program's folder). What is written depends only on the organization, the frameworks and the
/// date passed in: the same options give the same bytes.
///
/// Nothing here claims what does not exist yet: no certificate (it needs real numbers and dates
/// from the certification body) and no SOC 2 report (one that does not exist must not be published
/// as if it did); the README and `site.yaml` say how to add them when they arrive. Every ISO Annex
/// A control starts `applicable: undecided`, which `check` reports as one warning.
public struct Starter: Sendable {
    /// One file of the starter, its path relative to the program folder.
    public struct File: Sendable, Equatable {
        public let path: String
        public let text: String
    }

    /// Why `init` refuses; nothing has been written when one is thrown.
    public typealias Refusal = WriteRefusal

    public let organization: String
    /// Catalog ids, in id order.
    public let frameworks: [String]
    /// The date the starter is written for (security.txt's Expires is 11 months later).
    public let date: CalendarDate
    private let catalogs: [Catalog]

    /// The default organization name: every address derived from it ends in `.example` (RFC 2606).
    public static let defaultOrganization = "Example Corp"

    /// - Parameters:
    ///   - catalogs: the shipped catalogs (`Starter.shippedCatalogs()`); `frameworks` must name them.
    /// - Throws: `Refusal` for an empty or multi-line organization name or an unknown framework.
    public init(organization: String, frameworks: [String], date: CalendarDate, catalogs: [Catalog]) throws {
        let name = organization.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw Refusal(message: "--organization must name the organization", notes: []) }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) else {
            throw Refusal(message: "--organization must be one line of text", notes: [])
        }
        guard name.count <= 100 else { throw Refusal(message: "--organization is longer than 100 characters", notes: []) }
        let known = Set(catalogs.map(\.framework))
        for id in frameworks where !known.contains(id) {
            throw Refusal(message: "unknown framework \(Excerpt.quoted(id))", notes: ["the shipped frameworks are: \(catalogs.map(\.framework).sorted().joined(separator: ", "))"])
        }
        self.organization = name
        self.frameworks = Array(Set(frameworks)).sorted()
        self.date = date
        self.catalogs = catalogs
    }

    /// The catalogs shipped with TrustPress, the ones `--frameworks` may name.
    public static func shippedCatalogs() throws -> [Catalog] {
        var log = DiagnosticLog()
        let catalogs = (ShippedCatalogs.load(log: &log)
            + ShippedCatalogs.loadWhenNamed(referenced: Set(ShippedCatalogs.frameworks), log: &log)).map(\.value)
        if log.hasErrors { throw Refusal(message: "the shipped framework catalogs cannot be read", notes: log.all.map(\.description)) }
        return catalogs.sorted { $0.framework < $1.framework }
    }

    /// Parses `--frameworks`: catalog ids separated by commas; `none` (or nothing) for none.
    /// - Throws: `Refusal` naming the first unknown id, with did-you-mean: the id that starts with
    ///   what was typed (`soc2` → `soc2-2017`), else the closest by edit distance (`iso27001-2013`).
    public static func frameworks(_ text: String, catalogs: [Catalog]) throws -> [String] {
        let ids = catalogs.map(\.framework).sorted()
        let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if words.map({ $0.lowercased() }) == ["none"] { return [] }
        var chosen: [String] = []
        for word in words {
            if ids.contains(word) { chosen.append(word); continue }
            let prefixed = ids.filter { $0.lowercased().hasPrefix(word.lowercased()) }
            let guess = prefixed.count == 1 ? prefixed[0] : Suggestion.closest(to: word, in: ids)
            var notes = guess.map { ["did you mean '\($0)'?"] } ?? []
            notes.append("--frameworks takes catalog ids separated by commas (\(ids.joined(separator: ", "))), or 'none'")
            throw Refusal(message: "unknown framework \(Excerpt.quoted(word)) in --frameworks", notes: notes)
        }
        return Array(Set(chosen)).sorted()
    }

    private var iso: Catalog? { catalogs.first { frameworks.contains($0.framework) && $0.statementOfApplicability == true } }
    private var soc2: Catalog? { catalogs.first { $0.framework == "soc2-2017" && frameworks.contains($0.framework) } }

    /// `example-corp`, for the `.example` addresses; `organization` when the name has no Latin letters or digits.
    var slug: String {
        let s = Slug.make(organization)
        return s.isEmpty ? "organization" : s
    }

    var domain: String { slug + ".example" }

    // MARK: - Files

    /// Every file of the starter, sorted by path.
    public func files() -> [File] {
        var files = [
            File(path: "README.md", text: readme),
            File(path: ".gitignore", text: gitignore),
            File(path: "Content/site.yaml", text: siteYAML()),
            File(path: "Content/controls/controls.yaml", text: controlsYAML),
            File(path: "Content/nda.md", text: ndaTerms),
            File(path: "Content/policies/information-security.md", text: informationSecurityPolicy),
            File(path: "Content/policies/access-control.md", text: accessControlPolicy),
            File(path: "Content/policies/incident-response.md", text: incidentResponsePolicy),
        ]
        if let iso { files.append(File(path: "Content/applicability.yaml", text: applicabilityYAML(iso))) }
        if !otherFrameworks.isEmpty { files.append(File(path: "Content/programs.yaml", text: programsYAML)) }
        return files.sorted { $0.path < $1.path }
    }

    /// The organization's name as YAML double-quoted text.
    private var yamlName: String { Self.yamlQuoted(organization) }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The organization's name as Markdown text that renders as written (`Markdown.literal`).
    var markdownName: String { Markdown.literal(organization) }

    private var gitignore: String {
        """
        # The build output: Output/confidential holds the NDA bundle, which must never be committed
        # to a repository that others can read, nor published.
        /Output/

        """
    }

    /// `site.yaml` with .example addresses; `writtenBy` names the command in the comment on `expires`.
    func siteYAML(writtenBy: String = "trustpress init") -> String {
        let expires = date.adding(months: 11)
        var text = """
        # Who you are and where the trust center lives (TrustPress docs/content-format.md, "site.yaml").
        # Every address below ends in .example, a name reserved for examples (RFC 2606): replace each
        # one with your real address before you publish.
        organization:
          name: \(yamlName)
          legal_name: \(yamlName)            # the registered legal entity, e.g. "\(organization.replacingOccurrences(of: "\"", with: "'")), Inc."
          website: https://\(domain)
        trust_center:
          title: \(Self.yamlQuoted(organization + " Trust Center"))
          description: \(Self.yamlQuoted("How \(organization) protects the information its customers entrust to it: our policies, our controls and where our security program stands."))
          url: https://trust.\(domain)/      # where the public site will be deployed
          contact_email: security@\(domain)
          access_request_url: mailto:trust@\(domain)   # where customers ask for the NDA bundle
        security_txt:                        # served at /.well-known/security.txt (RFC 9116)
          contacts:
            - mailto:security@\(domain)
          # Written by `\(writtenBy)` for \(date): eleven months later. Renew it before then;
          # RFC 9116 §2.5.5 asks for a date less than a year ahead.
          expires: \(expires)T00:00:00Z

        """
        var later: [String] = []
        if iso != nil {
            later.append("""
            # ISO/IEC 27001: there is no certificate yet, so there is no certifications/ folder. Decide
            # every Annex A control in applicability.yaml first. When the certificate is issued, add
            # certifications/iso27001.yaml with its number, dates and scope (docs/content-format.md):
            # from then on an undecided control is an error, as an auditor would reject that SoA.
            """)
        }
        if soc2 != nil {
            later.append("""
            # SOC 2: a report that does not exist yet is never published, so there is no attestations/
            # folder. When your auditor issues the report, add attestations/soc2-type1.yaml or
            # soc2-type2.yaml with its type, period, auditor and opinion (docs/content-format.md).
            """)
        }
        if !later.isEmpty { text += "\n" + later.joined(separator: "\n#\n") + "\n" }
        return text
    }

    // MARK: Controls

    private struct StarterControl {
        let id, title, summary, owner, implementation: String
        let iso: [String]
        let soc2: [String]
        /// The other shipped frameworks (NIST CSF 2.0, NIST SP 800-53, HIPAA): framework id → requirement ids.
        var others: [String: [String]] = [:]
    }

    /// The chosen frameworks other than ISO/IEC 27001 and SOC 2, in id order: declared (commented)
    /// in programs.yaml, since only the content can say how far the program is.
    private var otherFrameworks: [Catalog] {
        catalogs.filter { frameworks.contains($0.framework) && $0.framework != iso?.framework && $0.framework != soc2?.framework }
            .sorted { $0.framework < $1.framework }
    }

    private var starterControls: [StarterControl] {
        [
            StarterControl(
                id: "GOV-01", title: "Information security policy",
                summary: "Management approves an information security policy, communicates it to everyone and reviews it every year.",
                owner: "Head of Security",
                implementation: """
                The policy lives in policies/information-security.md. The leadership team approves each
                version; every employee and contractor acknowledges it when they join and after each change.
                """,
                iso: ["5.2", "A.5.1"], soc2: ["CC2.2", "CC5.3"],
                others: ["nist-csf-2.0": ["GV.PO-01", "GV.PO-02"], "nist-sp800-53-r5": ["PL-1", "PM-1"], "hipaa-security": ["164.308(a)(1)", "164.316(a)"]]),
            StarterControl(
                id: "HR-01", title: "Security awareness training",
                summary: "Everyone completes security awareness training when they join and once a year after that.",
                owner: "People Operations Lead",
                implementation: """
                New joiners complete the training in their first week. Completion is tracked per person,
                and reminders go out until the yearly course is done.
                """,
                iso: ["A.6.3"], soc2: ["CC1.4", "CC2.2"],
                others: ["nist-csf-2.0": ["PR.AT-01"], "nist-sp800-53-r5": ["AT-2"], "hipaa-security": ["164.308(a)(5)"]]),
            StarterControl(
                id: "IAM-01", title: "Unique accounts, single sign-on and multi-factor authentication",
                summary: "Each person has their own account, signs in through single sign-on, and uses a second factor.",
                owner: "IT Lead",
                implementation: """
                The identity provider is the source of every account. Shared logins are not allowed;
                phishing-resistant second factors are preferred wherever an application supports them.
                """,
                iso: ["A.5.16", "A.5.17", "A.8.5"], soc2: ["CC6.1", "CC6.2"],
                others: ["nist-csf-2.0": ["PR.AA-01", "PR.AA-03"], "nist-sp800-53-r5": ["AC-2", "IA-2", "IA-2(1)"], "hipaa-security": ["164.312(a)(2)(i)", "164.312(d)"]]),
            StarterControl(
                id: "IAM-02", title: "Least privilege and access reviews",
                summary: "Access follows the role, privileged access is limited, and access is reviewed every quarter.",
                owner: "IT Lead",
                implementation: """
                Access is granted through groups tied to roles. System owners confirm each quarter who
                holds access to their systems, and anything no longer needed is removed.
                """,
                iso: ["A.5.15", "A.5.18", "A.8.2"], soc2: ["CC6.2", "CC6.3"],
                others: ["nist-csf-2.0": ["PR.AA-05"], "nist-sp800-53-r5": ["AC-2", "AC-6"], "hipaa-security": ["164.308(a)(4)", "164.312(a)(1)"]]),
            StarterControl(
                id: "IR-01", title: "Incident response",
                summary: "Security incidents are reported, triaged, handled and reviewed under a documented procedure.",
                owner: "Head of Security",
                implementation: """
                The on-call engineer triages every report within one business day. Each incident has a
                ticket with its timeline, and a review follows every incident of high severity.
                """,
                iso: ["A.5.24", "A.5.25", "A.5.26", "A.5.27"], soc2: ["CC7.3", "CC7.4", "CC7.5"],
                others: ["nist-csf-2.0": ["RS.AN-03", "RS.MA-01"], "nist-sp800-53-r5": ["IR-4", "IR-8"], "hipaa-security": ["164.308(a)(6)", "164.308(a)(6)(ii)"]]),
            StarterControl(
                id: "OPS-01", title: "Logging and monitoring",
                summary: "Production systems send security logs to a central place where alerts are watched.",
                owner: "Engineering Lead",
                implementation: """
                Logs from the cloud account, the identity provider and production services are kept for at
                least a year. Alerts go to the on-call engineer.
                """,
                iso: ["A.8.15", "A.8.16"], soc2: ["CC7.2"],
                others: ["nist-csf-2.0": ["DE.CM-01", "DE.CM-09"], "nist-sp800-53-r5": ["AU-2", "AU-6", "SI-4"], "hipaa-security": ["164.308(a)(1)(ii)(D)", "164.312(b)"]]),
        ]
    }

    private var controlsYAML: String {
        var lines = [
            "# Unified controls: each one is a control you operate, mapped (maps_to) to the requirements of",
            "# every framework it serves, so one control and its evidence serve every audit.",
            "# They start as 'planned': set each status as it becomes true (implemented | partially-implemented",
            "# | planned | not-implemented). Title, summary and status are public; owner and implementation",
            "# appear only in the NDA bundle (docs/content-format.md, \"controls/*.yaml\").",
            "controls:",
        ]
        for c in starterControls {
            lines += ["  - id: \(c.id)", "    title: \(Self.yamlQuoted(c.title))", "    summary: \(Self.yamlQuoted(c.summary))",
                      "    status: planned"]
            var maps: [String] = []
            if let iso { maps.append("      \(iso.framework): [\(c.iso.joined(separator: ", "))]") }
            if let soc2 { maps.append("      \(soc2.framework): [\(c.soc2.joined(separator: ", "))]") }
            for other in otherFrameworks {
                if let ids = c.others[other.framework] { maps.append("      \(other.framework): [\(ids.joined(separator: ", "))]") }
            }
            lines += maps.isEmpty ? ["    maps_to: {}             # e.g. iso27001-2022: [A.5.1]"] : ["    maps_to:"] + maps
            lines += ["    owner: \(c.owner)", "    implementation: |"]
            lines += c.implementation.split(separator: "\n").map { "      " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Programs

    /// The other frameworks chosen, declared but commented out: a declaration is public ("Aligned with
    /// NIST CSF 2.0"), so the starter claims nothing until someone decides it is true.
    private var programsYAML: String {
        var lines = [
            "# Frameworks \(organization) answers for without a certificate or report (docs/content-format.md,",
            "# \"programs.yaml\"). A declaration is PUBLIC: the trust center shows the framework with its status.",
            "# Nothing is declared yet, so nothing is claimed: uncomment an entry when it is true.",
            "#   aligned       the controls are mapped and run (a self-assessment); 'since' is when",
            "#   in-progress   working towards it; 'target' is when it is expected",
            "# Until a framework is declared, its mappings in controls/ are checked but it is not in",
            "# 'trustpress check --coverage' or the bundle.",
            "programs:",
        ]
        for catalog in otherFrameworks {
            lines += ["#  - framework: \(catalog.framework)   # \(catalog.shortName)", "#    status: in-progress", "#    since: \(date)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Statement of Applicability

    /// Every Annex A control of `catalog` under its theme, each with its short title as a comment
    /// (the catalog made readable where it is decided) and `applicable: undecided`.
    func applicabilityYAML(_ catalog: Catalog) -> String {
        var mappedBy: [String: [String]] = [:]
        for c in starterControls { for id in c.iso { mappedBy[id, default: []].append(c.id) } }
        let count = catalog.soaRequirements.count
        var lines = [
            "# Statement of Applicability for \(catalog.name) (§6.1.3 d): for each of the \(count) Annex A",
            "# controls, whether it applies to \(organization) and why. The SoA is shared only in the NDA bundle.",
            "#",
            "# Every control starts as 'applicable: undecided'. Decide each one by replacing 'undecided':",
            "#   applicable: true     it applies; add 'justification:' with the reason (a risk, a law, a contract)",
            "#   applicable: false    it does not apply; 'justification:' is required and says why not",
            "# For example:",
            "#   A.7.1:   # Physical security perimeters",
            "#     applicable: false",
            "#     justification: We are fully remote and run no office, server room or data center.",
            "#",
            "# While any control is undecided, 'trustpress check' warns (once, listing them) and the bundle's",
            "# SoA shows it as \"not yet decided\". Once certifications/ holds a certificate, an undecided",
            "# control is an error. A control that applies is implemented by the unified controls that map",
            "# to it in controls/ ('maps_to'); the comment after each id names the starter's own.",
            "\(catalog.framework):",
        ]
        for group in catalog.groups where group.kind == .control {
            let requirements = catalog.requirements(inGroup: group.id)
            guard let first = requirements.first, let last = requirements.last else { continue }
            lines += ["", "  # \(group.title): \(first.id) to \(last.id) (\(requirements.count))"]
            for r in requirements {
                let by = mappedBy[r.id].map { " — mapped by \($0.joined(separator: ", "))" } ?? ""
                lines += ["  \(r.id):   # \(r.title)\(by)", "    applicable: \(Applicability.undecidedSpelling)"]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: README

    private var readme: String {
        var frameworkNotes: [String] = []
        if let iso {
            frameworkNotes.append("""
            - **\(iso.shortName).** Decide each of the \(iso.soaRequirements.count) Annex A controls in \
            `Content/applicability.yaml` (each starts as `applicable: undecided`, under its theme with its \
            short title). Until they are all decided, `trustpress check` warns once and the bundle's \
            Statement of Applicability shows them as "not yet decided". When the certificate is issued, \
            add `Content/certifications/iso27001.yaml` with its number, dates and scope: from then on an \
            undecided control is an error.
            """)
        }
        if let soc2 {
            frameworkNotes.append("""
            - **\(soc2.shortName).** The controls are mapped to the Trust Services Criteria. There is no \
            report yet, so none is published. When your auditor issues it, add \
            `Content/attestations/soc2-type2.yaml` (or `soc2-type1.yaml`) with its period, auditor and \
            opinion.
            """)
        }
        for other in otherFrameworks {
            frameworkNotes.append("""
            - **\(other.shortName).** The controls are mapped to it too, but nothing is claimed: \
            `Content/programs.yaml` lists it commented out. Uncomment it (`in-progress`, or `aligned` \
            once your controls run) to show it on the trust center with that status, in \
            `trustpress check --coverage` and in the bundle.
            """)
        }
        if frameworkNotes.isEmpty {
            frameworkNotes.append("""
            - **Frameworks.** No framework was chosen. To map the controls to one, add its requirements \
            under `maps_to` in `Content/controls/controls.yaml` (e.g. `iso27001-2022: [A.5.1]`).
            """)
        }
        return """
        # \(markdownName) security program

        This repository holds \(markdownName)'s security and compliance program as
        TrustPress content: policies in Markdown, controls in YAML. TrustPress
        turns it into a public trust center and a confidential report bundle shared under NDA.

        ```
        Content/
          site.yaml                 organization, trust center and security.txt addresses
          policies/*.md             policies: front matter, then the text
          controls/controls.yaml    unified controls and the requirements they serve
          nda.md                    the NDA terms on the bundle's cover (confidential): replace with your agreement's
        \(iso != nil ? "  applicability.yaml        Statement of Applicability: one decision per Annex A control\n" : "")```

        The content format is described in TrustPress's `docs/content-format.md`.

        ## Check

            trustpress check               # every problem, as path:line:column: error: message
            trustpress check --coverage    # which requirements implemented controls cover

        ## Build

            trustpress build                                          # Output/public and Output/confidential/<date>-internal
            trustpress build --recipient "Acme Corp" --nda NDA-0001   # a bundle for one customer

        ## Preview

            trustpress serve               # http://127.0.0.1:8000, rebuilt and reloaded on every save

        The public site is at `/`, the NDA bundle under `/confidential/` (served to this machine only).
        A build that fails shows its errors in the browser until the file is fixed.

        ## Publish

        Upload the contents of `Output/public/` to the static host behind `trust_center.url`. Never
        publish `Output/confidential/`: send a bundle only to a customer who has signed an NDA.
        `Output/` is listed in `.gitignore` so the bundle is never committed.

        ## Next steps

        - Replace every `.example` address in `Content/site.yaml` with a real one.
        - Read the three policies, adapt them to how you actually work, and add `approved:` and
          `next_review:` once management approves each one.
        - Set each control's `status` as it becomes true; they all start as `planned`.
        \(frameworkNotes.joined(separator: "\n"))

        """
    }

    // MARK: Policies

    /// The NDA terms on the bundle's cover (nda.md): a starting point in plain words, to be replaced
    /// by what the organization's own agreement says.
    private var ndaTerms: String {
        let org = markdownName
        return """
        This bundle is shared with the recipient named above under the non-disclosure agreement
        between \(org) and the recipient, for one purpose only: evaluating \(org) as a supplier.

        - Keep it confidential. Share it only with people who need it for that evaluation and are
          bound by duties of confidentiality at least as strict as the agreement's.
        - Do not copy, publish or pass on any part of it, and do not use it for any other purpose.
        - Delete it, with every copy, when the evaluation ends, when \(org) asks, or after the date
          it is valid until, whichever comes first.
        - Tell [security@\(domain)](mailto:security@\(domain)) at once of any disclosure the agreement
          does not allow.

        """
    }

    private var informationSecurityPolicy: String {
        let org = markdownName
        return """
        ---
        title: Information Security Policy
        version: "0.1"
        owner: Head of Security
        visibility: public            # shown in full on the public trust center
        controls: [GOV-01, HR-01]
        public_summary: \(Self.yamlQuoted("How \(organization) directs, organizes and reviews the protection of information."))
        # approved: YYYY-MM-DD        add once management approves this version
        # next_review: YYYY-MM-DD     at the latest a year after approval
        ---

        # Information Security Policy

        ## Purpose

        \(org) holds information that belongs to its customers, its people and itself. This policy
        states how we protect it: what we commit to, who is responsible, and how we check that the
        commitments hold. Topic-specific policies, such as the access control and incident response
        policies, build on it.

        ## Scope

        The policy applies to everyone who works for \(org), employees and contractors alike, and to
        every system, service and device used to handle \(org) information, wherever it is operated.

        ## Commitments

        - We protect the confidentiality, integrity and availability of information in proportion to
          the harm its loss would cause.
        - We identify information security risks, decide how to treat each one, and review those
          decisions when the business, the technology or the threats change.
        - We meet the legal, regulatory and contractual requirements that apply to the information we
          handle.
        - We give every person the access their work requires and nothing more.
        - We train everyone to recognize threats and to report anything that looks wrong.
        - We treat security incidents as a chance to learn and improve, never as a reason for blame.
        - We keep improving the security program: audits, incidents, reviews and changes in the
          business feed back into the policies and controls.

        ## Objectives

        Each year the leadership team sets measurable information security objectives consistent
        with this policy (for example: every person trained within a month of joining, every
        critical vulnerability fixed within the agreed time, every incident reviewed), and reviews
        progress against them at least every quarter.

        ## Roles and responsibilities

        The leadership team owns this policy, provides the resources the security program needs, and
        approves each version. The Head of Security runs the program day to day, keeps the policies
        current and reports on risks and incidents to the leadership team. Every person follows the
        policies, protects the information entrusted to them and reports suspected incidents at once.

        ## Review

        The policy is reviewed at least once a year and after any significant change. Exceptions must
        be approved in writing by the Head of Security, with a reason and an end date.

        """
    }

    private var accessControlPolicy: String {
        let org = markdownName
        return """
        ---
        title: Access Control Policy
        version: "0.1"
        owner: IT Lead
        visibility: confidential      # listed publicly by title; the text appears only in the NDA bundle
        controls: [IAM-01, IAM-02]
        # approved: YYYY-MM-DD
        # next_review: YYYY-MM-DD
        ---

        # Access Control Policy

        ## Purpose

        Access to \(org) systems and data is granted on purpose, kept to what each role needs, and
        taken away as soon as it is no longer needed. This policy sets out how, in support of the
        [information security policy](information-security.md).

        ## Accounts and sign-in

        - Every person has an individual account; accounts are never shared.
        - People sign in to company applications through single sign-on wherever the application
          allows it, with a second factor on every sign-in.
        - Service accounts have a named owner, are used only by systems, and keep their secrets in the
          secrets manager rather than in code or chat.

        ## Granting and changing access

        Access is requested through the service desk and approved by the owner of the system. It is
        granted through role-based groups rather than to individuals wherever possible. When someone
        changes role, access that the new role does not need is removed in the same week.

        ## Privileged access

        Administrative rights are limited to the few people whose work requires them, are held in
        separate accounts where the system allows it, and are used only for administrative work.

        ## Leavers

        Accounts are disabled on a leaver's last working day, and company devices are returned.

        ## Reviews

        Each quarter, system owners review who holds access to their systems and remove what is no
        longer needed. The review and its outcome are recorded as evidence.

        """
    }

    private var incidentResponsePolicy: String {
        let org = markdownName
        return """
        ---
        title: Incident Response Policy
        version: "0.1"
        owner: Head of Security
        visibility: confidential
        controls: [IR-01, OPS-01]
        # approved: YYYY-MM-DD
        # next_review: YYYY-MM-DD
        ---

        # Incident Response Policy

        ## Purpose

        When something goes wrong, \(org) responds quickly, limits the damage, tells the people who
        need to know and learns from it. This policy describes how.

        ## What to report

        Report anything that might put information or systems at risk: a lost laptop, a suspicious
        email that someone acted on, an unexpected alert, data sent to the wrong person. When in doubt,
        report it. Nobody is blamed for reporting something that turns out to be harmless.

        ## How to report

        Write to the security mailbox or page the on-call engineer. The person on call acknowledges the
        report, opens an incident ticket and records what is known.

        ## Handling an incident

        1. **Triage.** Decide whether the event is an incident and how severe it is, based on the data
           and systems involved.
        2. **Contain.** Stop the harm from spreading: revoke credentials, isolate systems, block senders.
        3. **Resolve.** Remove the cause and restore normal service from known-good sources.
        4. **Communicate.** The Head of Security decides who must be told — customers, authorities,
           partners — and makes sure legal and contractual deadlines for notice are met.

        ## Evidence

        Logs, messages and other records of an incident are preserved and handled so that they remain
        trustworthy, in case they are needed later.

        ## Learning

        Every high-severity incident gets a written review within two weeks: what happened, why, and
        which changes will prevent it from happening again. Those changes are tracked until done.

        """
    }

    // MARK: - Writing

    /// Writes every file into `folder` (created when missing), or nothing.
    ///
    /// Refuses a folder that is a file or a symbolic link, and a folder with anything in it but
    /// `.git` (a repository just made with `git init` is the usual place to start). The files are
    /// written by `ExclusiveWriter`: never overwriting, never through a link, all or nothing.
    /// - Parameter display: the folder as the user named it, for messages.
    /// - Returns: the paths written, sorted.
    public func write(into folder: URL, display: String) throws -> [String] {
        var info = stat()
        if lstat(folder.path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFLNK {
                throw Refusal(message: "\(display) is a symbolic link; refusing to write through it",
                              notes: ["name the folder it points to instead"])
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw Refusal(message: "\(display) exists and is not a folder", notes: ["name a new or empty folder"])
            }
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 != ".git" }.sorted()
            if !entries.isEmpty {
                throw Refusal(message: "\(display) is not empty; trustpress init writes only into an empty folder and never overwrites a file",
                              notes: ["it holds \(Excerpt.list(entries))",
                                      "name a new folder (trustpress init my-program), or empty this one (only .git may be there)"])
            }
        }
        return try ExclusiveWriter.write(files().map { ($0.path, Data($0.text.utf8)) }, into: folder, display: display,
                                         command: "trustpress init")
    }
}
