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

/// Where a policy's review stands on a date (ISO/IEC 27001:2022 A.5.1: policies are reviewed at
/// planned intervals). A `next_review` date already passed is never shown as the next review.
public enum PolicyReview: Sendable, Equatable {
    /// Due on this date (the build date or later).
    case due(CalendarDate)
    /// `next_review` passed before the build date without a review.
    case overdue(since: CalendarDate)

    /// nil when the policy has no `next_review`.
    public static func of(nextReview: CalendarDate?, on date: CalendarDate) -> PolicyReview? {
        guard let next = nextReview else { return nil }
        return next < date ? .overdue(since: next) : .due(next)
    }

    public var isOverdue: Bool { if case .overdue = self { true } else { false } }

    /// The date in words: the due date, or "Overdue since <date>" (long form, or ISO with `iso`).
    public func label(iso: Bool = false) -> String {
        switch self {
        case let .due(d): iso ? d.description : d.longForm
        case let .overdue(since): "Overdue since " + (iso ? since.description : since.longForm)
        }
    }
}
