/// `site.yaml`: who the trust center belongs to and how to reach them. Every field is public.
public struct SiteConfig: Codable, Sendable, Equatable {
    public var organization: Organization
    public var trustCenter: TrustCenter
    public var securityTxt: SecurityTxtConfig
    public var markdown: MarkdownSettings?
    /// A folder, relative to the content folder, whose templates and assets override the built-in
    /// theme file by file (`--templates` wins when both are given).
    public var theme: String?
    /// The language of both trees (`en`, `de`, `fr`: a file of the theme's `strings/`): every
    /// string of the theme, the labels and the dates, and `<html lang>`. Default `en`; an unknown
    /// language is an error.
    public var language: String?

    enum CodingKeys: String, CodingKey {
        case organization, trustCenter = "trust_center", securityTxt = "security_txt", markdown, theme, language
    }

    /// The language both trees are written in (`language:`, default `en`).
    public var languageCode: String { language ?? "en" }

    /// Whether raw HTML in Markdown is rendered (sanitized) instead of dropped. Default: false.
    public var allowsRawHTML: Bool { markdown?.rawHTML ?? false }

    public struct MarkdownSettings: Codable, Sendable, Equatable {
        /// Opt-in: render raw HTML through the sanitizer (tagfilter still applies). Default false.
        public var rawHTML: Bool?

        enum CodingKeys: String, CodingKey { case rawHTML = "raw_html" }
    }

    public struct Organization: Codable, Sendable, Equatable {
        /// Short display name, e.g. "Fernwick".
        public var name: String
        /// Legal entity, e.g. "Fernwick Labs, Inc.".
        public var legalName: String
        /// `https:` URL of the organization's website.
        public var website: String

        enum CodingKeys: String, CodingKey { case name, legalName = "legal_name", website }
    }

    public struct TrustCenter: Codable, Sendable, Equatable {
        public var title: String
        public var description: String
        /// Absolute `https:` URL where the public site is deployed; sitemap.xml needs absolute URLs
        /// (sitemaps.org protocol) and security.txt's Canonical field names it (RFC 9116 §2.5.2).
        public var url: String
        public var contactEmail: String
        /// Where customers request the NDA bundle: an `https:` or `mailto:` URL.
        public var accessRequestURL: String
        /// Which implementation statuses the controls page lists, e.g. `[implemented, partially-implemented]`.
        /// Default (absent): every status, so nothing is left out unless the site says so. Hiding
        /// never reduces a total: hidden controls still count in every figure (`ControlTotals`).
        /// An unknown status is an error with a suggestion (decoded as `ImplementationStatus`).
        public var publicControlStatuses: [ImplementationStatus]?

        enum CodingKeys: String, CodingKey {
            case title, description, url, contactEmail = "contact_email", accessRequestURL = "access_request_url"
            case publicControlStatuses = "public_control_statuses"
        }
    }
}

/// The fields of `/.well-known/security.txt` (RFC 9116).
public struct SecurityTxtConfig: Codable, Sendable, Equatable {
    /// One or more `mailto:`, `https:` or `tel:` URIs (RFC 9116 §2.5.3; required).
    public var contacts: [String]
    /// RFC 3339 date-time after which the file is stale (RFC 9116 §2.5.5; required once).
    public var expires: String
    /// RFC 9116 §2.5.7.
    public var policyURL: String?
    /// RFC 9116 §2.5.4.
    public var encryptionURL: String?
    /// RFC 9116 §2.5.1.
    public var acknowledgmentsURL: String?
    /// Language tags (RFC 9116 §2.5.8), e.g. `["en", "de"]`.
    public var preferredLanguages: [String]?

    enum CodingKeys: String, CodingKey {
        case contacts, expires, policyURL = "policy_url", encryptionURL = "encryption_url"
        case acknowledgmentsURL = "acknowledgments_url", preferredLanguages = "preferred_languages"
    }
}
