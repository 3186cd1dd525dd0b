import Crypto
import Foundation

/// The confidential projection: the NDA report bundle for one recipient. Holds the full model.
public struct ConfidentialBundle: Sendable {
    public let model: TrustModel
    /// Who receives the bundle, e.g. "Acme Corp"; nil for an internal bundle.
    public let recipient: String?
    /// The NDA under which it is shared, e.g. "NDA-2026-114".
    public let ndaReference: String?
    /// Folder name under `confidential/`: `<build date>-<recipient slug>` or `<build date>-internal`.
    public let bundleID: String
    /// The last day the bundle is to be used (`--expires`, `--valid-days`), inclusive; nil when none
    /// is set. Shown on every page and in manifest.json; a static bundle cannot enforce it.
    public let validUntil: CalendarDate?

    public init(model: TrustModel, recipient: String?, ndaReference: String?, validUntil: CalendarDate? = nil) {
        self.model = model
        self.recipient = recipient
        self.ndaReference = ndaReference
        self.validUntil = validUntil
        bundleID = Self.bundleID(buildDate: model.buildDate, recipient: recipient)
    }

    /// The bundle id for a build date and recipient: `<build date>-<recipient slug>`, at most
    /// 11 + `maxSlugLength` bytes, so it always fits a file name (255 bytes).
    public static func bundleID(buildDate: CalendarDate, recipient: String?) -> String {
        "\(buildDate)-\(recipientSlug(recipient))"
    }

    /// The longest recipient slug: a longer one is cut (see `recipientSlug`).
    static let maxSlugLength = 64

    /// `acme-corp`; for a name with no Latin letters or digits (日本電気株式会社), `recipient-` and the
    /// first 8 hex digits of its SHA-256, so it never collides with `internal`; `internal` when nil.
    /// A slug longer than `maxSlugLength` is cut to its first 55 characters (less a trailing `-`),
    /// followed by `-` and those 8 hex digits: deterministic, and two long names that share a
    /// beginning still get two bundles.
    static func recipientSlug(_ recipient: String?) -> String {
        guard let recipient else { return "internal" }
        let hash = Hex.lowercase(SHA256.hash(data: Data(recipient.utf8)).prefix(4))
        let slug = Slug.make(recipient)
        if slug.count > maxSlugLength {
            var cut = String(slug.prefix(maxSlugLength - 9))
            while cut.hasSuffix("-") { cut.removeLast() }
            return cut + "-" + hash
        }
        if !slug.isEmpty && slug != "internal" { return slug }
        return "recipient-" + hash
    }

    /// "Acme Corp (NDA-2026-114)" or "Internal use only".
    public var recipientLine: String {
        guard let recipient else { return "Internal use only" }
        return recipient + (ndaReference.map { " under \($0)" } ?? "")
    }
}

/// The "valid until" date of a bundle, from `--expires YYYY-MM-DD` or `--valid-days N` (one of them),
/// checked against the build date. The date is printed on the bundle; nothing can enforce it.
public enum BundleValidity {
    /// The longest validity `--valid-days` accepts: 100 years (36,525 days).
    public static let maxDays = 36_525

    /// A problem with the flags, worded for the command line.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The last day the bundle is valid: `expires` as given, or the build date plus `validDays` days.
    /// - Returns: nil when neither is given.
    /// - Throws: `Problem` when both are given, `expires` is not a `YYYY-MM-DD` date or is before the
    ///   build date (the bundle would be expired when made), or `validDays` is not 1 … `maxDays`.
    public static func validUntil(expires: String?, validDays: Int?, buildDate: CalendarDate) throws(Problem) -> CalendarDate? {
        switch (expires, validDays) {
        case (nil, nil):
            return nil
        case (_?, _?):
            throw Problem(description: "--expires and --valid-days both say when the bundle ends: give one of them")
        case let (text?, nil):
            guard let date = CalendarDate(text) else {
                throw Problem(description: "--expires '\(text)' is not a date; write YYYY-MM-DD, e.g. \(buildDate.adding(days: 90))")
            }
            if date < buildDate {
                throw Problem(description: "--expires \(date) is before the build date \(buildDate): the bundle would be expired when it is made")
            }
            return date
        case let (nil, days?):
            guard (1...maxDays).contains(days) else {
                throw Problem(description: "--valid-days must be a whole number of days from 1 to \(maxDays), got \(days)")
            }
            return buildDate.adding(days: days)
        }
    }
}
