import Foundation

/// Bounds on the Markdown that reaches cmark-gfm, checked on the raw text before any parse.
///
/// Debian's cmark-gfm 0.29.0.gfm.6 predates the upstream fixes for its 2023 quadratic-complexity
/// advisories: its time grows with the square of some inputs. Measured on this version (one parse,
/// one core): a 40 KB run of `www.a_b_` without a space takes 3.5 s (160 KB: about 30 s), because
/// the autolink extension rescans the run at every `www.`, `:` and `@`; a table row of 3,000 cells
/// takes 0.7 s (5,000–10,000 columns: 23–96 s, 851 MB). Within these limits the worst input found
/// renders 1 MB in about 1.3 s, linear in the size of the text. Each is far above what a real
/// policy needs: a long policy is 50–100 KB, a long line (one paragraph) 2,000 bytes, a long URL
/// 300 bytes, a wide table 15 columns. Two more shapes are bounded since the issue 13 review: the
/// '[' of one paragraph (bracket matching is quadratic) and the cells of tables (every row is padded
/// to the header's width, so cells cost memory without costing bytes), and the '@' of one line
/// (bare e-mail autolinks; see `maxAtSignsPerLine`).
///
/// The limits apply to every Markdown text: policy bodies and the Markdown fields of YAML files
/// (`implementation`, `system_description`).
enum MarkdownLimits {
    /// Bytes of UTF-8 in one Markdown text (a policy body, one field).
    static let maxTextBytes = 1_000_000
    /// Bytes in one line.
    static let maxLineBytes = 20_000
    /// Bytes in one run without whitespace (a word, a URL). The autolink extension's cost grows with
    /// the square of a run's length; a real URL is rarely above 300 bytes.
    static let maxUnbrokenBytes = 1_000
    /// '|' characters in one line: a table row has at most this many cells.
    static let maxPipesPerLine = 128
    /// '@' characters in one line. The autolink extension handles each bare e-mail address of a
    /// text node (at most a line: soft breaks end it) by copying the rest of the node, and keeps the
    /// copies until the document is freed: memory grows with the square of a line's addresses
    /// (issue 13 review: 1 MB of `a:b@c.d ` took 5.6 s and 1.6 GB, heaptrack showing 90% of the
    /// peak in libcmark-gfm-extensions). A real line names a few addresses.
    static let maxAtSignsPerLine = 100
    /// '[' characters (links, images, footnotes, task boxes) in one paragraph, here any run of
    /// non-blank lines. cmark-gfm's bracket matching is quadratic in the open brackets of one
    /// inline run (issue 13 review: a paragraph of `![[]() ` took 4 s at 95 KB, 81 s at 378 KB).
    /// A real paragraph has a few links. A non-empty bullet item (`- `, `* `, `+ `, indented at most
    /// 3 spaces) starts a new count: a tight list or task list of any length is within.
    static let maxBracketsPerParagraph = 1_000
    /// Cells of one table: the columns of its delimiter row times its rows (header included). GFM
    /// pads every row to the header's width, so a wide header over thousands of one-cell rows costs
    /// memory per cell, not per byte (issue 13 review: 20 KB gave 675 MB, 900 KB 15 GB). A wide
    /// real table is 15 columns by a few hundred rows.
    static let maxTableCells = 20_000
    /// Cells of all the tables of one text together (the same count), so that many tables each
    /// within `maxTableCells` stay bounded too.
    static let maxTextTableCells = 100_000

    struct Violation: Equatable {
        /// 1-based line within the text.
        var line: Int
        /// 1-based column in Unicode scalars.
        var column: Int
        var message: String
    }

    /// Every limit `text` exceeds: one violation for a text that is too long (nothing else is
    /// checked then), otherwise at most one per line (the first limit the line exceeds). Linear in
    /// the text's size.
    static func check(_ text: String, what: String = "this text") -> [Violation] {
        let size = text.utf8.count
        if size > maxTextBytes {
            return [Violation(line: 1, column: 1, message:
                "\(what) is \(grouped(size)) bytes; a Markdown text may be at most \(grouped(maxTextBytes)) bytes (split it up)")]
        }
        var text = text
        return text.withUTF8 { check(bytes: $0) }
    }

    private static func check(bytes: UnsafeBufferPointer<UInt8>) -> [Violation] {
        var found: [Violation] = []
        var line = 1, lineStart = 0, pipes = 0, atSigns = 0, runStart = 0, runLength = 0
        var reported = false
        var scalarsBefore = 0, runScalarStart = 0  // scalars of the line before the current byte / run
        var offset = 0
        // The paragraph (run of non-blank lines): its '[' count.
        var brackets = 0, bracketsReported = false
        // The table being read, if any (an over-approximation: from a delimiter row under a line
        // with a '|' to the next blank line): its header line, columns and rows so far.
        var previousNonBlank = false, previousPipes = 0
        var table: (header: Int, columns: Int, rows: Int, reported: Bool)?
        var allCells = 0, allCellsReported = false
        func endLine(at end: Int) {
            if !reported, end - lineStart > maxLineBytes {
                found.append(Violation(line: line, column: 1, message:
                    "this line is \(grouped(end - lineStart)) bytes long; a Markdown line may be at most \(grouped(maxLineBytes)) bytes (break it into shorter lines)"))
            }
            let text = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
            let blank = text.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0C || $0 == 0x0B }
            defer { previousNonBlank = !blank; previousPipes = pipes }
            if blank { brackets = 0; bracketsReported = false; table = nil; return }
            if var t = table {
                t.rows += 1
                countCells(t.columns, in: &t)
                table = t
            } else if previousNonBlank, previousPipes > 0, let columns = delimiterColumns(text) {
                var t = (header: line - 1, columns: columns, rows: 2, reported: false)
                countCells(2 * columns, in: &t)
                table = t
            }
        }
        func countCells(_ added: Int, in t: inout (header: Int, columns: Int, rows: Int, reported: Bool)) {
            allCells += added
            if !t.reported, t.columns * t.rows > maxTableCells {
                t.reported = true
                found.append(Violation(line: t.header, column: 1, message:
                    "this table has more than \(grouped(maxTableCells)) cells (\(t.columns) columns × \(grouped(t.rows)) rows so far; every row is padded to the header's width); split it into smaller tables"))
            } else if !t.reported, !allCellsReported, allCells > maxTextTableCells {
                allCellsReported = true
                found.append(Violation(line: t.header, column: 1, message:
                    "with this table the tables of the text have more than \(grouped(maxTextTableCells)) cells in all (columns × rows of each); split the text up"))
            }
        }
        if startsBulletItem(bytes, at: 0) { brackets = 0 }
        for byte in bytes {
            if byte == 0x0A {
                endLine(at: offset)
                line += 1; lineStart = offset + 1; pipes = 0; atSigns = 0; runLength = 0; reported = false; scalarsBefore = 0
                if startsBulletItem(bytes, at: lineStart) { brackets = 0; bracketsReported = false }
                offset += 1
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B
            if isSpace {
                runLength = 0
            } else {
                if runLength == 0 { runStart = offset; runScalarStart = scalarsBefore }
                runLength += 1
                if !reported, runLength > maxUnbrokenBytes {
                    reported = true
                    // The whole run, for the message.
                    var end = runStart
                    while end < bytes.count, !(bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x0A) { end += 1 }
                    found.append(Violation(line: line, column: runScalarStart + 1, message:
                        "\(grouped(end - runStart)) bytes without a space; Markdown may have at most \(grouped(maxUnbrokenBytes)) bytes between spaces (a longer word or URL makes rendering slow)"))
                }
            }
            if byte == UInt8(ascii: "|") {
                pipes += 1
                if !reported, pipes > maxPipesPerLine {
                    reported = true
                    found.append(Violation(line: line, column: scalarsBefore + 1, message:
                        "this line has more than \(maxPipesPerLine) '|' characters; a table may have at most \(maxPipesPerLine) columns"))
                }
            }
            if byte == UInt8(ascii: "@") {
                atSigns += 1
                if !reported, atSigns > maxAtSignsPerLine {
                    reported = true
                    found.append(Violation(line: line, column: scalarsBefore + 1, message:
                        "this line has more than \(maxAtSignsPerLine) '@' characters; a Markdown line may have at most \(maxAtSignsPerLine) (e-mail addresses make rendering slow); break it into shorter lines"))
                }
            }
            if byte == UInt8(ascii: "[") {
                brackets += 1
                if !reported, !bracketsReported, brackets > maxBracketsPerParagraph {
                    reported = true
                    bracketsReported = true
                    found.append(Violation(line: line, column: scalarsBefore + 1, message:
                        "this paragraph has more than \(grouped(maxBracketsPerParagraph)) '[' characters; a paragraph (lines without a blank line between them) may have at most \(grouped(maxBracketsPerParagraph)) (links, images, footnotes); add blank lines"))
                }
            }
            if byte & 0xC0 != 0x80 { scalarsBefore += 1 }
            offset += 1
        }
        endLine(at: offset)
        return found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Whether the line at `start` begins a non-empty bullet list item (`- `, `* `, `+ ` and text,
    /// indented by at most 3 spaces): such a line always starts a new block (CommonMark 0.30 §5.2:
    /// a non-empty bullet item may interrupt a paragraph, and a lazy continuation line cannot be
    /// one), so its brackets are a new inline run. A tight list of many links is no paragraph.
    /// Nothing else resets the count (an ordered item `2.` may continue a paragraph).
    private static func startsBulletItem(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var i = start
        while i < bytes.count, i - start < 3, bytes[i] == 0x20 { i += 1 }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "*") || bytes[i] == UInt8(ascii: "+"),
              bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 else { return false }
        i += 2
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D
    }

    /// The columns of a GFM table delimiter row (`| --- | :-: |`, block-quote markers before it
    /// allowed): the runs of '-' between pipes; nil when `line` is not one.
    private static func delimiterColumns(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var columns = 0, dash = false, started = false
        for b in line {
            switch b {
            case UInt8(ascii: ">") where !started, 0x20, 0x09, 0x0D, UInt8(ascii: ":"): continue
            case UInt8(ascii: "|"): started = true; if dash { columns += 1; dash = false }
            case UInt8(ascii: "-"): started = true; dash = true
            default: return nil
            }
        }
        if dash { columns += 1 }
        return columns > 0 ? columns : nil
    }

    /// `n` with a comma between groups of three digits (not locale-dependent: builds are byte-identical).
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
