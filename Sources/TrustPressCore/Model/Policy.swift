/// A policy's front matter (`policies/*.md`).
///
/// Public: title, id, visibility, public summary; for public policies also version, approval and
/// review dates and the body. Fails closed: without `visibility` a policy is confidential.
public struct PolicyFrontMatter: Codable, Sendable, Equatable {
    public var title: String
    public var id: String?
    public var version: String?
    public var owner: String?
    public var approved: CalendarDate?
    public var nextReview: CalendarDate?
    public var visibility: Visibility?
    public var controls: [String]?
    public var publicSummary: String?

    enum CodingKeys: String, CodingKey {
        case title, id, version, owner, approved, nextReview = "next_review", visibility, controls
        case publicSummary = "public_summary"
    }
}

/// Public or confidential; anything else is an error, never a guess.
public enum Visibility: String, Codable, Sendable, CaseIterable {
    case `public`, confidential
}

/// A loaded policy: front matter plus Markdown body.
public struct Policy: Sendable, Equatable {
    /// From front matter `id`, else the file name without `.md`.
    public var id: String
    public var title: String
    public var version: String?
    public var owner: String?
    public var approved: CalendarDate?
    public var nextReview: CalendarDate?
    public var visibility: Visibility
    public var controls: [String]
    public var publicSummary: String?
    /// Markdown source of the body (after the front matter).
    public var body: String
    /// The body split at its `::: confidential` blocks.
    public var segments: [PolicySegment]
    /// 1-based line of the body's first line in the file, for diagnostics.
    public var bodyFirstLine: Int
    /// File name in `policies/`, e.g. `access-control.md`: the target of relative links.
    public var fileName: String
    /// Path as shown in diagnostics.
    public var path: String
}
