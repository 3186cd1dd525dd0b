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

    /// Logo, favicon and accent colour (`branding:`); nil: the built-in theme's look.
    /// Checked by `Branding.load` (files, types, SVG safety, WCAG contrast).
    public var branding: BrandingConfig?
    /// Security-practice tiles on the home page (`highlights:`), in the order written.
    public var highlights: [Highlight]?
    /// How to name the OSCAL catalogs of `frameworks/*.json` (`oscal_catalogs:`): file name (as
    /// NIST publishes it, `NIST_SP-800-53_rev5_catalog.json`) → id and names. OSCAL metadata has no
    /// short id; without an entry the id is the file name without `.json`, and both names the title.
    public var oscalCatalogs: [String: OSCALCatalogNaming]?

    enum CodingKeys: String, CodingKey {
        case organization, trustCenter = "trust_center", securityTxt = "security_txt", markdown, theme, language
        case branding, highlights, oscalCatalogs = "oscal_catalogs"
    }

    /// One entry of `oscal_catalogs:`.
    public struct OSCALCatalogNaming: Codable, Sendable, Equatable {
        /// The framework id used in `maps_to`, e.g. `nist-800-53` (default: the file name without `.json`).
        public var id: String?
        /// Shown in tables, badges and messages, e.g. "NIST SP 800-53" (default: the catalog's title).
        public var shortName: String?
        /// The full name (default: the catalog's metadata title).
        public var name: String?

        enum CodingKeys: String, CodingKey { case id, shortName = "short_name", name }
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
        /// The long introduction, shown below the fold on the home page.
        public var description: String
        /// One short sentence for the home page hero and its meta description; nil: `description`.
        public var tagline: String?
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
            case title, description, tagline, url, contactEmail = "contact_email", accessRequestURL = "access_request_url"
            case publicControlStatuses = "public_control_statuses"
        }
    }
}

/// `branding:` in site.yaml. File paths are relative to the content folder (`branding/logo.svg`);
/// colours are `#rrggbb`.
public struct BrandingConfig: Codable, Sendable, Equatable {
    /// The logo on a light background: SVG, PNG or WebP.
    public var logo: String?
    /// The logo on a dark background (`prefers-color-scheme: dark`); nil: `logo` in both schemes.
    public var logoDark: String?
    /// The favicon: SVG, PNG or ICO.
    public var favicon: String?
    /// Link and button colour in the light scheme; must reach 4.5:1 against #ffffff (WCAG 2.1 SC 1.4.3).
    public var accent: String?
    /// The same in the dark scheme, against #0f1620; nil: derived from `accent` by lightening it.
    public var accentDark: String?

    enum CodingKeys: String, CodingKey {
        case logo, logoDark = "logo_dark", favicon, accent, accentDark = "accent_dark"
    }
}

/// One security-practice tile on the home page (`highlights:` in site.yaml).
public struct Highlight: Codable, Sendable, Equatable {
    /// Short title, e.g. "Encryption everywhere".
    public var title: String
    /// One sentence.
    public var text: String
    /// A name from the built-in icon set (`Icons.names`: lock, key, shield, …).
    public var icon: String
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
