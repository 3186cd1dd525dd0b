import Foundation

/// Reading content files safely: UTF-8 only, BOM and CRLF accepted, nothing outside the content folder.
enum SourceText {
    /// Where a line break that editors do not show is an error (see `hiddenLineBreaks`).
    enum HiddenBreakScope {
        /// Nowhere (Markdown and CSS do not break lines at them).
        case none
        /// Anywhere in the file: a YAML file.
        case wholeFile
        /// In a policy's front matter: from the first line to the closing `---` (or `...`) line, or
        /// the whole file when that line is missing.
        case frontMatter
    }

    /// The file's text with a UTF-8 BOM removed and CRLF/CR line endings turned into LF.
    /// - Returns: nil after logging an error when the file cannot be read, is not UTF-8 (the
    ///   diagnostic names the byte offset of the first invalid sequence), or has a hidden line break
    ///   within `hiddenBreaks` (one diagnostic each).
    static func read(_ url: URL, path: String, hiddenBreaks: HiddenBreakScope = .none, log: inout DiagnosticLog) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            log.error(path, 0, 0, "cannot read the file")
            return nil
        }
        return decode(data, path: path, hiddenBreaks: hiddenBreaks, log: &log)
    }

    static func decode(_ data: Data, path: String, hiddenBreaks: HiddenBreakScope = .none, log: inout DiagnosticLog) -> String? {
        var bytes = [UInt8](data)
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        bytes.removeFirst(bom)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let invalid = firstInvalidUTF8(bytes)
            let offset = bom + invalid
            // Line and column of the bad byte (columns in characters of the valid text before it).
            let before = bytes[..<invalid]
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<invalid], as: UTF8.self).unicodeScalars.count + 1
            log.error(path, line, column, "the file is not valid UTF-8 (first invalid byte at offset \(offset))",
                      notes: ["save the file as UTF-8"])
            return nil
        }
        if hiddenBreaks != .none {
            let found = hiddenLineBreaks(in: text, frontMatterOnly: hiddenBreaks == .frontMatter)
            if let first = found.first, !text.containsBytes("\n"), found.allSatisfy({ $0.name.hasPrefix("a carriage return") }) {
                // Carriage returns as the file's only line ends (classic Mac OS): one problem, not one per line.
                log.error(path, first.line, first.column,
                          "the file ends its lines with carriage returns (CR) alone, which YAML reads as line breaks but not every editor or diff shows",
                          notes: ["save the file with LF (or CRLF) line endings"])
            } else {
                for b in found {
                    log.error(path, b.line, b.column, "\(b.name) here is a line break to YAML, but editors and diffs do not show it as one",
                              notes: [b.name.hasPrefix("a carriage return")
                                      ? "save the file with LF (or CRLF) line endings"
                                      : "replace it with a real line break, or delete it"])
                }
            }
            if !found.isEmpty { return nil }
        }
        return text.containsBytes("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n") : text
    }

    /// A line break to YAML (YAML 1.2 §5.4: CR, NEL, LS, PS besides LF) that an editor or a diff
    /// does not show as one, where it could make text that reads as one value into another key
    /// (`title: X⟨U+2028⟩visibility: public`).
    struct HiddenBreak: Equatable {
        /// 1-based, counting LF line ends only (what an editor shows); column in Unicode scalars.
        var line: Int
        var column: Int
        /// E.g. "a U+2028 LINE SEPARATOR".
        var name: String
    }

    /// Every U+2028, U+2029, U+0085 and carriage return not followed by a line feed in `text`
    /// (the raw text, before line endings are normalised); with `frontMatterOnly`, only up to the
    /// closing fence of front matter that the file opens with `---`, and none when it does not.
    static func hiddenLineBreaks(in text: String, frontMatterOnly: Bool) -> [HiddenBreak] {
        if frontMatterOnly, !text.hasPrefix("---") { return [] }
        // Most files hold none: a byte scan rules that out (0x85, 0xA8 and 0xA9 end the UTF-8 of
        // U+0085, U+2028 and U+2029; other characters share them, and take the slow path).
        if !frontMatterOnly, !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x85 || $0 == 0xA8 || $0 == 0xA9 }) { return [] }
        var found: [HiddenBreak] = []
        var line = 1, column = 0
        // The current line's first scalars (up to 8), to recognise the closing fence.
        var head = String.UnicodeScalarView(), long = false
        // A CR is a hidden break unless a LF follows: decided at the next scalar.
        var pendingCR: (line: Int, column: Int)?
        for scalar in text.unicodeScalars {
            column += 1
            if let cr = pendingCR, scalar != "\n" {
                found.append(HiddenBreak(line: cr.line, column: cr.column, name: "a carriage return (U+000D) without a line feed"))
            }
            pendingCR = nil
            switch scalar {
            case "\u{2028}": found.append(HiddenBreak(line: line, column: column, name: "a U+2028 LINE SEPARATOR"))
            case "\u{2029}": found.append(HiddenBreak(line: line, column: column, name: "a U+2029 PARAGRAPH SEPARATOR"))
            case "\u{85}": found.append(HiddenBreak(line: line, column: column, name: "a U+0085 NEXT LINE (NEL)"))
            case "\r": pendingCR = (line, column)
            default: break
            }
            guard scalar == "\n" else {
                if head.count < 8 { head.append(scalar) } else { long = true }
                continue
            }
            // A fence line is `---` or `...` and trailing blanks (and CRLF's CR).
            while let last = head.last, last == " " || last == "\t" || last == "\r" { head.removeLast() }
            if frontMatterOnly, line > 1, !long, ["---", "..."].contains(String(head)) { break }
            line += 1
            column = 0
            head = String.UnicodeScalarView()
            long = false
        }
        if let cr = pendingCR {
            found.append(HiddenBreak(line: cr.line, column: cr.column, name: "a carriage return (U+000D) without a line feed"))
        }
        return found
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            guard length > 0, i + length <= bytes.count,
                  String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil else { return i }
            i += length
        }
        return i
    }
}

/// Splits a Markdown file into YAML front matter and body.
///
/// Front matter exists only when the very first line is `---`; it ends at the next line that is
/// exactly `---` (or `...`). A `---` later in the body, or inside a YAML value, is content.
enum FrontMatter {
    struct Parts: Equatable {
        /// The YAML between the fences (nil when the file has none).
        var yaml: String?
        /// 1-based line number of the first YAML line.
        var yamlFirstLine: Int
        /// Everything after the closing fence.
        var body: String
        /// 1-based line number of the body's first line in the file.
        var bodyFirstLine: Int = 1
    }

    enum SplitError: Error, Equatable { case unterminated }

    /// - Throws: `SplitError.unterminated` when the opening `---` has no closing fence.
    static func split(_ text: String) throws -> Parts {
        // Walks line by line only as far as the closing fence; the body is taken whole.
        var lineStart = text.startIndex
        var lineNumber = 1
        var yamlStart: String.Index?
        while true {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingTrailingSpaces
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            if let start = yamlStart {
                if line == "---" || line == "..." {
                    var yaml = text[start..<lineStart]
                    if yaml.hasSuffix("\n") { yaml = yaml.dropLast() }
                    return Parts(yaml: String(yaml), yamlFirstLine: 2, body: String(text[next...]),
                                 bodyFirstLine: lineNumber + 1)
                }
            } else {
                guard line == "---" else { return Parts(yaml: nil, yamlFirstLine: 1, body: text) }
                yamlStart = next
            }
            guard lineEnd < text.endIndex else { throw SplitError.unterminated }
            lineNumber += 1
            lineStart = next
        }
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
