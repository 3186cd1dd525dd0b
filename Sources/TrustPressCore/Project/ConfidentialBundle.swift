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

    public init(model: TrustModel, recipient: String?, ndaReference: String?) {
        self.model = model
        self.recipient = recipient
        self.ndaReference = ndaReference
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
