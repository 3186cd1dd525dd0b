/// Updates and the FAQ: Markdown in the content folder that is public by nature (there is no
/// `visibility`; everything in these files is published, so they may hold no redaction fence).

/// The front matter of an update (`updates/*.md`).
public struct UpdateFrontMatter: Codable, Sendable, Equatable {
    public var title: String
    /// The day it is published; dates its feed entry (RFC 4287 §4.2.15 `updated`). Not after the build date.
    public var date: CalendarDate
    /// One sentence for lists and the feed's `summary`; optional.
    public var summary: String?
}

/// One update (`updates/<id>.md`): a dated public announcement with a Markdown body.
public struct Update: Sendable, Equatable {
    /// The file name without `.md`: the anchor on updates.html and part of the feed entry's id, so
    /// renaming the file makes a new entry.
    public var id: String
    public var title: String
    public var date: CalendarDate
    public var summary: String?
    /// Markdown source of the body (after the front matter).
    public var body: String
    /// 1-based line of the body's first line in the file, for diagnostics.
    public var bodyFirstLine: Int
    /// Path as shown in diagnostics.
    public var path: String

    /// Newest first; one day's updates by id, so the order never depends on the file system.
    static func newestFirst(_ a: Update, _ b: Update) -> Bool {
        a.date != b.date ? b.date < a.date : a.id < b.id
    }
}

/// `faq.md`: Markdown where each level-2 ATX heading (`## Question?`) opens a question and the text
/// up to the next one is its answer; text before the first question is an introduction.
public struct FAQ: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The heading's text, as written (Markdown inline syntax is kept as text).
        public var question: String
        /// GitHub-style slug of the question, made unique with `-1`, `-2`…: the anchor on faq.html.
        public var id: String
        /// Markdown source of the answer.
        public var answer: String
        /// 1-based line of the question's heading in the file.
        public var line: Int
    }

    /// Markdown before the first question (may be empty).
    public var intro: String
    public var entries: [Entry]
    /// The whole file's text and path, for the link checks.
    public var body: String
    public var path: String

    /// Splits `text` at its `## ` headings outside fenced code blocks (CommonMark §4.5: ``` or ~~~,
    /// indented at most three spaces, closed by a fence of the same character at least as long).
    static func parse(_ text: String, path: String) -> FAQ {
        var intro: [Substring] = [], entries: [Entry] = [], answer: [Substring] = []
        var current: (question: String, line: Int)?
        var fence: (char: Character, count: Int)?
        var used: [String: Int] = [:]
        func close() {
            guard let c = current else { intro = answer; answer = []; return }
            var id = Slug.make(c.question)
            if id.isEmpty { id = "question" }
            if let n = used[id] { used[id] = n + 1; id += "-\(n + 1)" } else { used[id] = 0 }
            entries.append(Entry(question: c.question, id: id, answer: answer.joined(separator: "\n"), line: c.line))
            answer = []
        }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let stripped = line.drop(while: { $0 == " " })
            let indent = line.count - stripped.count
            if indent < 4, let first = stripped.first, first == "`" || first == "~" {
                let run = stripped.prefix(while: { $0 == first }).count
                if run >= 3 {
                    if let f = fence { if f.char == first && run >= f.count && stripped.dropFirst(run).allSatisfy(\.isWhitespace) { fence = nil } }
                    else { fence = (first, run) }
                }
            }
            if fence == nil, indent < 4, stripped.hasPrefix("## ") || stripped == "##" {
                close()
                var heading = stripped.dropFirst(2).trimmingCharacters(in: .whitespaces)
                // A closing sequence of '#' (CommonMark §4.2) is not part of the text.
                if let hashes = heading.lastIndex(where: { $0 != "#" }), heading[heading.index(after: hashes)...].count > 0,
                   heading[hashes] == " " { heading = String(heading[..<hashes]).trimmingCharacters(in: .whitespaces) }
                current = (heading, i + 1)
                continue
            }
            answer.append(line)
        }
        close()
        return FAQ(intro: intro.joined(separator: "\n"), entries: entries, body: text, path: path)
    }
}
