import Foundation

/// A policy body split at its redaction blocks.
///
/// Inside a policy, a fenced `::: confidential` … `:::` section is kept in the NDA bundle and
/// replaced on the public page by a notice. `:::` inside a code block (fenced or indented) or an
/// HTML block is text; which lines those are is asked of cmark-gfm itself, so CommonMark's rules
/// (a fence closed implicitly at the end of a list item, say) decide, not an approximation.
public enum PolicySegment: Sendable, Equatable {
    /// Markdown shown wherever the policy is shown.
    case markdown(String)
    /// Markdown kept for the bundle only.
    case confidential(String)
}

enum RedactionBlocks {
    /// `line` without format characters (zero-width joiners, direction marks), combining marks and
    /// variation selectors, with look-alike colons turned into ':'.
    /// Whether `text` holds "::" anywhere (a fence needs three; two is a cheap, safe over-approximation).
    static func hasColonRun(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x3A && previous == 0x3A { return true }
            previous = byte
        }
        return false
    }

    static func skeleton(_ line: Substring) -> String {
        var out = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .format, .nonspacingMark, .enclosingMark, .spacingMark: continue
            default: break
            }
            switch scalar.value {
            case 0xFF1A, 0x2236, 0xFE55, 0xFE13, 0xA789, 0x02F8, 0x0703, 0x0704, 0x205A: out.append(":")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    struct Problem: Error, Equatable {
        /// 1-based line within the text that was split.
        var line: Int
        var message: String
    }

    /// Splits `body`, whose first line is line `firstLine` of its file (for messages).
    /// - Throws: `Problem` for an unterminated block, a nested block, a stray closing `:::`, or an
    ///   opening fence with a word other than `confidential` (fail closed on typos like `::: confidental`).
    static func split(_ body: String, firstLine: Int = 1) throws -> [PolicySegment] {
        // Every fence, and every fence-like line refused below, contains ":::".
        // Compared on bytes of the skeleton: String.contains works on whole characters, so ":::" with
        // a combining mark on its last colon would not match.
        let ascii = body.utf8.allSatisfy { $0 < 0x80 }
        let searchable = ascii ? body : skeleton(Substring(body))
        guard hasColonRun(searchable) else { return [.markdown(body)] }
        var segments: [PolicySegment] = []
        var current: [Substring] = []
        var openedAt: Int?
        let literal = Markdown.literalBlockLines(in: body)

        func flush() {
            guard !current.isEmpty else { return }
            let text = current.joined(separator: "\n")
            segments.append(openedAt == nil ? .markdown(text) : .confidential(text))
            current = []
        }

        for (i, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = i + firstLine
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            let block = literal.first { $0.lines.contains(i + 1) }
            let inLiteral = block != nil
            // Compared without invisible characters and with look-alike colons folded, so a fence
            // disguised by a zero-width joiner or a fullwidth colon cannot pass as text.
            let plain = skeleton(line)
            let bare = plain.drop { $0 == " " || $0 == "\t" }
            let mentionsConfidential = plain.contains("::: confidential") || plain.contains(":::confidential")
            let looksLikeFence = bare.hasPrefix(":::") || mentionsConfidential
            if looksLikeFence, plain != String(line) {
                throw Problem(line: number, message: "this ':::' line contains invisible or look-alike characters; write the fence as plain '::: confidential' or ':::'")
            }
            // Inside a raw HTML block the fence would be swallowed and its text published: fail closed.
            if block?.isHTML == true, looksLikeFence {
                throw Problem(line: number, message: "':::' is inside an HTML block, so it would not be read as a redaction fence; put a blank line before it")
            }
            // Inside a code block (an unclosed fence runs to the end of the file; 4 spaces or a tab
            // start indented code) the section would be published as code.
            if block?.isHTML == false, mentionsConfidential {
                throw Problem(line: number, message: "'::: confidential' is inside a code block, so the section would be published as code; close the code block before it, and indent the fence by at most 3 spaces")
            }
            // A fence behind a block-quote marker is not a fence; its text would be published.
            if !inLiteral, trimmed.hasPrefix(">"),
               trimmed.drop(while: { $0 == ">" || $0 == " " }).hasPrefix("::: confidential") {
                throw Problem(line: number, message: "'::: confidential' inside a block quote is not a redaction fence; start the line with ':::'")
            }
            if !inLiteral, indent < 4, trimmed.hasPrefix(":::") {
                let word = trimmed.drop { $0 == ":" }.trimmingCharacters(in: .whitespaces)
                if word.isEmpty {
                    guard openedAt != nil else {
                        throw Problem(line: number, message: "':::' closes no '::: confidential' block")
                    }
                    flush()
                    openedAt = nil
                    continue
                }
                guard word == "confidential" else {
                    throw Problem(line: number, message: "unknown block '::: \(word)'; the only block is '::: confidential'")
                }
                if let start = openedAt {
                    throw Problem(line: number, message: "'::: confidential' blocks cannot be nested (the block opened on line \(start) is still open)")
                }
                flush()
                openedAt = number
                continue
            }
            // Anything else that looks like a fence (in a list item, a heading, a table, indented by a
            // tab or 4+ spaces) would be published as text, with the section it meant to hide.
            if !inLiteral, looksLikeFence {
                throw Problem(line: number, message: "'::: confidential' fences must start a line of their own, indented by at most 3 spaces (not inside a list item, heading or table)")
            }
            current.append(line)
        }
        if let start = openedAt {
            throw Problem(line: start, message: "'::: confidential' block is never closed; add a line ':::' after it")
        }
        flush()
        return segments
    }
}
