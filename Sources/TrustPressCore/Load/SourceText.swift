import Foundation

/// Reading content files safely: UTF-8 only, BOM and CRLF accepted, nothing outside the content folder.
enum SourceText {
    /// The file's text with a UTF-8 BOM removed and CRLF/CR line endings turned into LF.
    /// - Returns: nil after logging an error when the file cannot be read or is not UTF-8 (the
    ///   diagnostic names the byte offset of the first invalid sequence).
    static func read(_ url: URL, path: String, log: inout DiagnosticLog) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            log.error(path, 0, 0, "cannot read the file")
            return nil
        }
        return decode(data, path: path, log: &log)
    }

    static func decode(_ data: Data, path: String, log: inout DiagnosticLog) -> String? {
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
        return text.containsBytes("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n") : text
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
