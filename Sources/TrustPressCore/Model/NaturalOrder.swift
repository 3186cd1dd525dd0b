/// Natural ordering of requirement and control IDs: runs of digits compare as numbers, so
/// `A.5.2 < A.5.10`, `9.3 < 10.1` and `CC6.8 < CC9.1`. Ties fall back to plain text order so the
/// order is total (and output deterministic).
public enum NaturalOrder {
    /// True when `a` sorts before `b`.
    public static func less(_ a: String, _ b: String) -> Bool {
        let ka = key(a), kb = key(b)
        for (x, y) in zip(ka, kb) where x != y {
            switch (x, y) {
            case let (.number(p), .number(q)): return p < q
            case let (.text(p), .text(q)): return p < q
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        if ka.count != kb.count { return ka.count < kb.count }
        return a < b
    }

    /// True when `a` and `b` differ at most in zero padding and case (`FW-IAM-1`, `fw-iam-01`).
    public static func sameKey(_ a: String, _ b: String) -> Bool { key(a) == key(b) }

    private enum Part: Equatable {
        case number(Int)
        case text(String)
    }

    private static func key(_ s: String) -> [Part] {
        var parts: [Part] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            parts.append(inDigits ? .number(Int(current.prefix(18)) ?? 0) : .text(current.lowercased()))
            current = ""
        }
        for ch in s {
            let digit = ch.isASCII && ch.isNumber
            if digit != inDigits { flush(); inDigits = digit }
            current.append(ch)
        }
        flush()
        return parts
    }
}

extension Sequence {
    /// Elements sorted by a string ID in natural order.
    public func sortedNaturally(by id: (Element) -> String) -> [Element] {
        sorted { NaturalOrder.less(id($0), id($1)) }
    }
}

/// Requirement ids as frameworks write them.
public enum RequirementID {
    /// The key two spellings of one id share: letters uppercased, an enhancement written `(1)` or
    /// `.1` alike, numbers without zero padding. `AC-2(1)`, `ac-2.1` and `AC-02.01` give `AC-2.1`;
    /// `GV.OC-01` and `gv.oc-1` give `GV.OC-1`; `AC-21` stays `AC-21`, apart from `AC-2(1)`.
    public static func formKey(_ id: String) -> String {
        var out = ""
        var digits = ""
        func flush() {
            guard !digits.isEmpty else { return }
            let trimmed = digits.drop { $0 == "0" }
            out += trimmed.isEmpty ? "0" : String(trimmed)
            digits = ""
        }
        for ch in id {
            if ch.isASCII && ch.isNumber { digits.append(ch); continue }
            flush()
            switch ch {
            case "(": out.append(".")
            case ")": continue
            default: out += ch.uppercased()
            }
        }
        flush()
        return out
    }
}
