import Yams

/// One-line YAML examples of what a key holds, for the fix notes of decoding diagnostics
/// (`add it, e.g. legal_name: Fernwick Labs Inc.`) and for the note of a missing required file.
///
/// Built from the types themselves: an enumeration shows its first accepted value, a date a date,
/// a list one item, a mapping its required keys (found by decoding the type from an empty mapping
/// and noting which keys it asks for). Text values come from `texts`, so every example is a value
/// that the check accepts; a test keeps them valid. Everything is written in YAML flow style, so an
/// example is one line that can be pasted as it is.
enum YAMLExample {
    /// `key: value`, e.g. `status: implemented`. Dates are dated from `reference` (the build date),
    /// so a pasted example is valid on the day it is shown: a date that must lie ahead (`expires`,
    /// `due`, `next_review`) eleven months later, any other date the day itself.
    static func line(_ type: Any.Type, key: String, owner: String, reference: CalendarDate? = nil) -> String {
        "\(key): \(value(type, key: key, owner: owner, reference: reference))"
    }

    /// Keys whose date must lie after the build date (a certificate's expiry, an audit or review
    /// due, the next report a bridge letter announces).
    static let futureDateKeys: Set<String> = ["expires", "due", "next_review", "next_report_date"]

    /// An example date for `key`: see `line`. Without a reference, a fixed date.
    static func date(key: String, reference: CalendarDate?) -> CalendarDate? {
        guard let reference else { return nil }
        return futureDateKeys.contains(key) ? reference.adding(months: 11) : reference
    }

    /// An example value of `type` for `key` in the record named `owner` (a type path such as
    /// `SiteConfig.Organization`), one line in flow style.
    static func value(_ type: Any.Type, key: String, owner: String, depth: Int = 0, reference: CalendarDate? = nil) -> String {
        if let reference {
            // Dates written as text (security.txt's RFC 3339 Expires, a period's start) follow the reference too.
            if owner == "SecurityTxtConfig", key == "expires" { return "\(reference.adding(months: 11))T00:00:00Z" }
            if owner == "Attestation.Period", key == "start" { return reference.adding(months: -6).description }
        }
        switch type {
        case is String.Type, is YAMLEnumeration.Type:
            if let text = texts["\(owner).\(key)"] ?? texts[key] { return flow(text) }
        case is YAMLMapShape.Type:
            // Written out in flow style already.
            if let yaml = texts["\(owner).\(key)"] { return yaml }
        default: break
        }
        switch type {
        case let e as YAMLEnumeration.Type: return flow(e.yamlAccepted.first ?? "…")
        case is CalendarDate.Type: return date(key: key, reference: reference)?.description ?? "2026-06-30"
        case is Int.Type: return "1"
        case is Bool.Type: return "true"
        case is Double.Type: return "1.5"
        case is String.Type: return "…"
        case let list as YAMLListShape.Type:
            return "[" + value(list.elementType, key: key, owner: owner, depth: depth + 1, reference: reference) + "]"
        case is YAMLMapShape.Type: return "{…}"
        case let record as Decodable.Type:
            guard depth < 3 else { return "{…}" }
            let keys = requiredKeys(record)
            guard !keys.isEmpty else { return "{…}" }
            return "{" + keys.map { "\($0.key): \(value($0.type, key: $0.key, owner: $0.owner, depth: depth + 1, reference: reference))" }
                .joined(separator: ", ") + "}"
        default: return "…"
        }
    }

    /// The keys `type` requires, in declaration order, each with its type and the name of its record.
    static func requiredKeys<T: Decodable>(_ type: T.Type) -> [RecordingDecoder.RequiredKey] {
        RecordingDecoder.requiredKeys(type)
    }

    /// The name of a record as `texts` keys it: `SiteConfig.Organization` for
    /// `TrustPressCore.SiteConfig.Organization.CodingKeys` (and for the synthesized keys, printed
    /// `TrustPressCore.Subprocessor.(unknown context at $…).CodingKeys`).
    static func owner(of keys: Any.Type) -> String {
        String(reflecting: keys).split(separator: ".")
            .filter { $0 != "TrustPressCore" && $0 != "CodingKeys" && !$0.hasPrefix("(") }
            .joined(separator: ".")
    }

    /// `text` as a flow-style scalar: quoted when a comma, bracket, brace, `#` or `: ` would end it
    /// or change its meaning there, or when it starts with an indicator.
    static func flow(_ text: String) -> String {
        let special = text.contains(", ") || text.contains(": ") || text.contains(where: { "[]{}#,".contains($0) })
            || text.first.map { "-?:&*!|>'\"%@`".contains($0) } == true
        return special ? "'" + text.replacingOccurrences(of: "'", with: "''") + "'" : text
    }

    /// Example text by `Record.key` (or a bare key for any record), written for the sample
    /// organization Fernwick. Every value passes the check where it is used.
    static let texts: [String: String] = [
        "SiteConfig.Organization.name": "Fernwick",
        "SiteConfig.Organization.legal_name": "Fernwick Labs Inc.",
        "SiteConfig.Organization.website": "https://fernwick.example",
        "SiteConfig.TrustCenter.title": "Fernwick Trust Center",
        "SiteConfig.TrustCenter.description": "How Fernwick protects customer data.",
        "SiteConfig.TrustCenter.url": "https://trust.fernwick.example/",
        "SiteConfig.TrustCenter.contact_email": "security@fernwick.example",
        "SiteConfig.TrustCenter.access_request_url": "mailto:trust@fernwick.example",
        "SecurityTxtConfig.contacts": "mailto:security@fernwick.example",
        "SecurityTxtConfig.expires": "2027-06-30T00:00:00Z",
        "Certification.framework": "iso27001-2022",
        "Certification.standard": "ISO/IEC 27001:2022",
        "Certification.certificate_number": "IS 712345",
        "Certification.accreditation_body": "UKAS",
        "Certification.scope": "The Fernwick platform and its operation",
        "Certification.soa_version": "3",
        "Certification.verification_url": "https://register.example/IS712345",
        "Certification.Site.name": "Head office",
        "Certification.Site.address": "1 Main Street London",
        "Party.name": "Example Assurance LLP",
        "Attestation.framework": "soc2-2017",
        "Attestation.type": "2",
        "Attestation.Period.start": "2026-01-01",
        "Attestation.ReportException.criterion": "CC6.1",
        "Attestation.ReportException.control": "FW-IAM-01",
        "Attestation.ReportException.description": "One access review was late.",
        "Attestation.ComplementaryControl.description": "Customers review the access of their users.",
        "Attestation.SubserviceOrganization.name": "Example Cloud",
        "Attestation.SubserviceOrganization.services": "Hosting",
        "Attestation.BridgeLetter.Signer.name": "Dana Whitfield",
        "Attestation.BridgeLetter.Signer.title": "Chief Information Security Officer",
        "Control.id": "FW-IAM-01",
        "Control.title": "Single sign-on",
        "Control.summary": "Every person signs in through single sign-on.",
        "Control.maps_to": "{iso27001-2022: [A.5.15], soc2-2017: [CC6.1]}",
        "Control.Evidence.title": "Access control policy",
        "Control.ControlTest.procedure": "Inspected 25 sampled sign-ins.",
        "PolicyFrontMatter.title": "Access Control Policy",
        "PolicyFrontMatter.controls": "FW-IAM-01",
        "Subprocessor.name": "Example Cloud",
        "Subprocessor.purpose": "Hosting",
        "Subprocessor.location": "EU (Frankfurt)",
        "Subprocessor.data": "Customer data",
        "Catalog.framework": "my-framework-2026",
        "Catalog.name": "My Framework 2026",
        "Catalog.short_name": "MF 2026",
        "Catalog.Group.id": "org",
        "Catalog.Group.title": "Organizational controls",
        "Catalog.Requirement.id": "R-1",
        "Catalog.Requirement.title": "Access is reviewed",
        "Catalog.Requirement.group": "org",
        "name": "Example",
        "title": "Example",
        "description": "Example",
        "purpose": "Hosting",
        "location": "EU",
        "data": "Customer data",
    ]
}

/// A list, for examples: one item of its element type.
protocol YAMLListShape { static var elementType: Any.Type { get } }
extension Array: YAMLListShape { static var elementType: Any.Type { Element.self } }

/// A mapping of free keys (`maps_to`, `applicability.yaml`), for examples.
protocol YAMLMapShape {}
extension Dictionary: YAMLMapShape {}
