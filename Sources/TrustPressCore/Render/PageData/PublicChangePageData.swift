/// Page data of the pages that record public changes: subprocessors (with their history), updates,
/// the FAQ, and the layout's feed links. Built only from `PublicSite`.

/// An Atom feed of the site, for `<link rel="alternate" type="application/atom+xml">`.
public struct PublicFeedLink: PageData {
    /// Feed file relative to the site root (`updates.xml`); prefix it with root.
    public let href: String
    /// The feed's title.
    public let title: String

    public static let schema = Schema<Self>("feed link", "An Atom feed (RFC 4287) of the site.", [
        .field("href", \.href, "Feed file relative to the site root (updates.xml); prefix it with root."),
        .field("title", \.title, "The feed's title."),
    ])
}

/// `public/subprocessors`: the third parties processing customer data, those announced, and the history.
public struct PublicSubprocessorsPage: PageData {
    /// Subprocessors processing data on the build date.
    public let subprocessors: [PublicSubprocessorItem]
    /// There is at least one.
    public let hasSubprocessors: Bool
    /// Subprocessors announced ahead of their start date, soonest first.
    public let upcoming: [PublicSubprocessorItem]
    /// There is at least one upcoming subprocessor.
    public let hasUpcoming: Bool
    /// Subprocessors no longer used, most recently removed first.
    public let removed: [PublicRemovedSubprocessor]
    /// There is at least one removed subprocessor.
    public let hasRemoved: Bool
    /// Every change up to the build date, newest first.
    public let changes: [PublicSubprocessorChange]
    /// There is at least one change.
    public let hasChanges: Bool
    /// The change feed, relative to the site root (`subprocessors.xml`).
    public let feedHref: String

    public static let schema = Schema<Self>("subprocessors page", "public/subprocessors: the third parties processing customer data, those announced, and the history.", [
        .field("subprocessors", \.subprocessors, "Subprocessors processing data on the build date, by name."),
        .field("hasSubprocessors", \.hasSubprocessors, "True when there is at least one (false: the list says there are none)."),
        .field("upcoming", \.upcoming, "Subprocessors announced ahead of their start date, soonest first."),
        .field("hasUpcoming", \.hasUpcoming, "True when there is at least one upcoming subprocessor."),
        .field("removed", \.removed, "Subprocessors no longer used, most recently removed first."),
        .field("hasRemoved", \.hasRemoved, "True when there is at least one removed subprocessor."),
        .field("changes", \.changes, "Every change (upcoming, added, removed) up to the build date, newest first, as in the feed."),
        .field("hasChanges", \.hasChanges, "True when there is at least one change."),
        .field("feedHref", \.feedHref, "The Atom feed of the changes, relative to the site root (subprocessors.xml)."),
    ])

    init(_ site: PublicSite, strings s: Strings) {
        let date = site.buildDate
        subprocessors = site.subprocessors.filter { !$0.isUpcoming(on: date) }.map { PublicSubprocessorItem($0, on: date, strings: s) }
        hasSubprocessors = !subprocessors.isEmpty
        upcoming = site.subprocessors.filter { $0.isUpcoming(on: date) }.sorted { ($0.added, $0.name) < ($1.added, $1.name) }
            .map { PublicSubprocessorItem($0, on: date, strings: s) }
        hasUpcoming = !upcoming.isEmpty
        removed = site.removedSubprocessors.map { PublicRemovedSubprocessor($0, strings: s) }
        hasRemoved = !removed.isEmpty
        changes = site.subprocessorChanges.map { PublicSubprocessorChange($0, strings: s) }
        hasChanges = !changes.isEmpty
        feedHref = AtomFeed.subprocessorsFile
    }
}

/// A subprocessor, current or upcoming.
public struct PublicSubprocessorItem: PageData {
    /// Its name.
    public let name: String
    /// What it does for us.
    public let purpose: String
    /// Where it processes data.
    public let location: String
    /// Which data it processes.
    public let data: String
    /// Its website, if given.
    public let website: String?
    /// The date it started (or starts) processing, in the site's language.
    public let added: String
    /// The same, ISO 8601.
    public let addedISO: String
    /// It starts after the build date (announced ahead: "upcoming, from <added>").
    public let upcoming: Bool
    /// The date it was announced, in the site's language, if recorded.
    public let announced: String?

    public static let schema = Schema<Self>("subprocessor", "A third party that processes customer data (or will, from its start date).", [
        .field("name", \.name, "Its name."),
        .field("purpose", \.purpose, "What it does."),
        .field("location", \.location, "Where it processes data."),
        .field("data", \.data, "Which data it processes."),
        .field("website", \.website, "Its website (URL), when given."),
        .field("added", \.added, "The date it started (or starts) processing, in the site's language."),
        .field("addedISO", \.addedISO, "The same, ISO 8601."),
        .field("upcoming", \.upcoming, "True when it starts after the build date (show it as upcoming, from added)."),
        .field("announced", \.announced, "The date it was announced, in the site's language, when recorded."),
    ])

    init(_ sub: Subprocessor, on date: CalendarDate, strings s: Strings) {
        name = sub.name
        purpose = sub.purpose
        location = sub.location
        data = sub.data
        website = sub.website
        added = s.date(sub.added)
        addedISO = sub.added.description
        upcoming = sub.isUpcoming(on: date)
        announced = s.date(sub.announced)
    }
}

/// A subprocessor no longer used.
public struct PublicRemovedSubprocessor: PageData {
    /// Its name.
    public let name: String
    /// What it did.
    public let purpose: String
    /// The date it started processing, in the site's language.
    public let added: String
    /// The date it stopped, in the site's language.
    public let removed: String
    /// The same, ISO 8601.
    public let removedISO: String

    public static let schema = Schema<Self>("removed subprocessor", "A subprocessor no longer used.", [
        .field("name", \.name, "Its name."),
        .field("purpose", \.purpose, "What it did."),
        .field("added", \.added, "The date it started processing, in the site's language."),
        .field("removed", \.removed, "The date it stopped, in the site's language."),
        .field("removedISO", \.removedISO, "The same, ISO 8601."),
    ])

    init(_ r: RemovedSubprocessor, strings s: Strings) {
        name = r.name
        purpose = r.purpose
        added = s.date(r.added)
        removed = s.date(r.removed)
        removedISO = r.removed.description
    }
}

/// One change to the subprocessor list.
public struct PublicSubprocessorChange: PageData {
    /// `upcoming`, `added` or `removed`, for CSS classes.
    public let kind: String
    /// The same in words.
    public let kindLabel: String
    /// The subprocessor's name.
    public let name: String
    /// What it does (or did).
    public let purpose: String
    /// The date of the change, in the site's language.
    public let date: String
    /// The same, ISO 8601.
    public let dateISO: String
    /// Upcoming: the start date announced, in the site's language.
    public let starts: String?
    /// Upcoming: the start date in words (`(from 1 March 2027)`).
    public let startsText: String?

    public static let schema = Schema<Self>("subprocessor change", "One change to the subprocessor list (an entry of its feed).", [
        .field("kind", \.kind, "upcoming, added or removed (for CSS classes)."),
        .field("kindLabel", \.kindLabel, "The same in words, in the site's language (Upcoming, Added, Removed)."),
        .field("name", \.name, "The subprocessor's name."),
        .field("purpose", \.purpose, "What it does (or did)."),
        .field("date", \.date, "Date of the change, in the site's language (for upcoming: the day it was announced)."),
        .field("dateISO", \.dateISO, "The same, ISO 8601."),
        .field("starts", \.starts, "Upcoming: the start date announced, in the site's language."),
        .field("startsText", \.startsText, "Upcoming: the start date in words ((from 1 March 2027))."),
    ])

    init(_ c: SubprocessorChange, strings s: Strings) {
        kind = c.kind.rawValue
        kindLabel = s.label(c.kind)
        name = c.name
        purpose = c.purpose
        date = s.date(c.date)
        dateISO = c.date.description
        starts = s.date(c.starts)
        startsText = starts.map { s.format("public.subprocessors.starts", ["date": $0]) }
    }
}

/// `public/updates`: dated announcements, newest first.
public struct PublicUpdatesPage: PageData {
    /// Every update, newest first.
    public let updates: [PublicUpdateItem]
    /// The updates feed, relative to the site root (`updates.xml`).
    public let feedHref: String

    public static let schema = Schema<Self>("updates page", "public/updates: dated announcements, newest first.", [
        .field("updates", \.updates, "Every update, newest first."),
        .field("feedHref", \.feedHref, "The Atom feed of the updates, relative to the site root (updates.xml)."),
    ])
}

/// One update.
public struct PublicUpdateItem: PageData {
    /// Its id (the file name without .md), for the anchor.
    public let id: String
    /// Its title.
    public let title: String
    /// Its date, in the site's language.
    public let date: String
    /// The same, ISO 8601.
    public let dateISO: String
    /// One-sentence summary, when given.
    public let summary: String?
    /// The body, pre-escaped HTML.
    public let bodyHTML: String

    public static let schema = Schema<Self>("update", "One update from updates/*.md.", [
        .field("id", \.id, "Its id (the file name without .md), the anchor on updates.html."),
        .field("title", \.title, "Its title."),
        .field("date", \.date, "Its date, in the site's language."),
        .field("dateISO", \.dateISO, "Its date, ISO 8601."),
        .field("summary", \.summary, "The one-sentence summary, when given."),
        .field("bodyHTML", \.bodyHTML, "The body as HTML, pre-escaped (write {{{bodyHTML}}})."),
    ])
}

/// `public/faq`: questions and answers from faq.md.
public struct PublicFAQPage: PageData {
    /// The text before the first question, pre-escaped HTML (may be empty).
    public let introHTML: String
    /// Every question, in file order.
    public let entries: [PublicFAQEntry]

    public static let schema = Schema<Self>("faq page", "public/faq: questions and answers from faq.md.", [
        .field("introHTML", \.introHTML, "The text before the first question as HTML, pre-escaped (write {{{introHTML}}}); may be empty."),
        .field("entries", \.entries, "Every question, in file order."),
    ])
}

/// One question of the FAQ.
public struct PublicFAQEntry: PageData {
    /// Anchor (a slug of the question, unique on the page).
    public let id: String
    /// The question, as written.
    public let question: String
    /// The answer, pre-escaped HTML.
    public let answerHTML: String

    public static let schema = Schema<Self>("faq entry", "One question of the FAQ.", [
        .field("id", \.id, "Anchor: a slug of the question, unique on the page."),
        .field("question", \.question, "The question, as written."),
        .field("answerHTML", \.answerHTML, "The answer as HTML, pre-escaped (write {{{answerHTML}}})."),
    ])
}
