/// A policy body split at its redaction blocks.
///
/// Inside a policy, a fenced `::: confidential` … `:::` section is kept in the NDA bundle and
/// replaced on the public page by a notice. Code fences are respected: `:::` inside a fenced code
/// block is text.
public enum PolicySegment: Sendable, Equatable {
    /// Markdown shown wherever the policy is shown.
    case markdown(String)
    /// Markdown kept for the bundle only.
    case confidential(String)
}

enum RedactionBlocks {
    struct Problem: Error, Equatable {
        /// 1-based line within the text that was split.
        var line: Int
        var message: String
    }

    /// Splits `body`. Lines are numbered from 1 within `body`.
    /// - Throws: `Problem` for an unterminated block, a nested block, a stray closing `:::`, or an
    ///   opening fence with a word other than `confidential` (fail closed on typos like `::: confidental`).
    static func split(_ body: String) throws -> [PolicySegment] {
        var segments: [PolicySegment] = []
        var current: [Substring] = []
        var openedAt: Int?
        var fence: (char: Character, count: Int)?

        func flush() {
            guard !current.isEmpty else { return }
            let text = current.joined(separator: "\n")
            segments.append(openedAt == nil ? .markdown(text) : .confidential(text))
            current = []
        }

        for (i, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = i + 1
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            // Fenced code (CommonMark §4.5): ``` or ~~~, closed by a fence of the same kind at least as long.
            if indent < 4, let ch = trimmed.first, ch == "`" || ch == "~" {
                let run = trimmed.prefix { $0 == ch }.count
                if run >= 3 {
                    if let open = fence {
                        if ch == open.char && run >= open.count && trimmed.dropFirst(run).allSatisfy({ $0 == " " }) { fence = nil }
                    } else if !(ch == "`" && trimmed.dropFirst(run).contains("`")) {
                        fence = (ch, run)
                    }
                }
            }
            if fence == nil, indent < 4, trimmed.hasPrefix(":::") {
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
            current.append(line)
        }
        if let start = openedAt {
            throw Problem(line: start, message: "'::: confidential' block is never closed; add a line ':::' after it")
        }
        flush()
        return segments
    }
}

import Foundation
